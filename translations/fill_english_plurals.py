#!/usr/bin/env python3
"""Fills the English plural forms in batchboard_en.ts by rule, so "%n file(s) added" reads
"1 file added" / "3 files added". batchboard_en.ts holds only the plural ("%n") messages (lupdate
-pluralonly); every other message reads as its source text. After adding or changing such a message:
    cmake --build <build> --target update_translations
    python3 translations/fill_english_plurals.py"""
import os
import re
import subprocess
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TS = os.path.join(HERE, 'batchboard_en.ts')
LCONVERT = os.environ.get('LCONVERT', '/usr/lib/qt6/bin/lconvert')

# word(s) -> (singular, plural); verbs agree the other way round.
SPECIAL = {'need(s)': ('needs', 'need'), 'is/are': ('is', 'are'), 'was/were': ('was', 'were'),
           'has/have': ('has', 'have')}


def forms(source):
    one, many = source, source
    for match in set(re.findall(r'\w+\((?:s|es)\)|\b(?:is/are|was/were|has/have)\b', source)):
        if match in SPECIAL:
            singular, plural = SPECIAL[match]
        else:
            stem, suffix = match[:-1].split('(')
            singular, plural = stem, stem + suffix
        one = one.replace(match, singular)
        many = many.replace(match, plural)
    return one, many


def main():
    tree = ET.parse(TS)
    for message in tree.iter('message'):
        if message.get('numerus') != 'yes':
            continue
        source = message.find('source').text
        translation = message.find('translation')
        for child in list(translation):
            translation.remove(child)
        translation.attrib.pop('type', None)
        translation.text = None
        for text in forms(source):
            form = ET.SubElement(translation, 'numerusform')
            form.text = text
    tree.write(TS, encoding='utf-8', xml_declaration=True)
    # Back into lupdate's own layout, so the next lupdate run changes nothing.
    subprocess.run([LCONVERT, '-i', TS, '-o', TS], check=True)


if __name__ == '__main__':
    main()

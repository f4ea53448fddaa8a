#!/usr/bin/env python3
"""Refreshes batchboard_en.ts: the English plural forms of every "%n item(s)" message in ui/ and
models/ (lupdate -pluralonly), filled in by rule so "1 file added" / "3 files added" read right.
Run after changing such a message:  python3 resources/i18n/update_english_plurals.py"""
import os
import re
import subprocess
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TS = os.path.join(HERE, 'batchboard_en.ts')
LUPDATE = os.environ.get('LUPDATE', '/usr/lib/qt6/bin/lupdate')

# word(s) -> (singular, plural); verbs agree the other way round.
SPECIAL = {'need(s)': ('needs', 'need')}


def forms(source):
    one, many = source, source
    for match in set(re.findall(r'\w+\((?:s|es)\)', source)):
        if match in SPECIAL:
            singular, plural = SPECIAL[match]
        else:
            stem, suffix = match[:-1].split('(')
            singular, plural = stem, stem + suffix
        one = one.replace(match, singular)
        many = many.replace(match, plural)
    return one, many


def main():
    subprocess.run([LUPDATE, '-silent', '-pluralonly', '-no-obsolete', '-locations', 'none',
                    '-source-language', 'en', '-target-language', 'en',
                    os.path.join(ROOT, 'ui'), os.path.join(ROOT, 'models'), '-ts', TS], check=True)
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


if __name__ == '__main__':
    main()

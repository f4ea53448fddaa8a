#include "tsfile.h"

#include <QFile>
#include <QXmlStreamReader>

namespace bb::test {

QString TsMessage::id() const
{
    return context + u'\x1f' + source + u'\x1f' + comment + (numerus ? QStringLiteral("\x1fN") : QString());
}

TsFile readTsFile(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = file.errorString();
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1StringView("TS")) {
                ts.language = xml.attributes().value(QLatin1StringView("language")).toString();
            } else if (name == QLatin1StringView("name") && !inMessage) {
                context = xml.readElementText();
            } else if (name == QLatin1StringView("message")) {
                inMessage = true;
                message = TsMessage();
                message.context = context;
                message.numerus
                    = xml.attributes().value(QLatin1StringView("numerus")) == QLatin1StringView("yes");
            } else if (inMessage && name == QLatin1StringView("source")) {
                message.source = xml.readElementText();
            } else if (inMessage && name == QLatin1StringView("comment")) {
                message.comment = xml.readElementText();
            } else if (inMessage && name == QLatin1StringView("translation")) {
                message.type = xml.attributes().value(QLatin1StringView("type")).toString();
                if (!message.numerus)
                    message.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            } else if (inMessage && name == QLatin1StringView("numerusform")) {
                message.forms.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1StringView("message")) {
            inMessage = false;
            ts.messages.append(message);
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

} // namespace bb::test

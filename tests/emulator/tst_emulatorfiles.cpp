// Files API of the emulator: get, list with pagination, delete, download in both URL forms,
// 48 h expiry on the emulated clock (protocol.md §2.4-2.8, limits-and-errors.md §4).
#include "emulatorprocess.h"
#include "emulatortesthelpers.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace bb::test;

class TestEmulatorFiles final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(m_emu.start(), qPrintable(m_emu.errorString())); }
    void init() { QVERIFY(m_emu.reset()); }

    void emptyListIsEmptyObject()
    {
        for (const QString &version : { QStringLiteral("v1beta"), QStringLiteral("v1") }) {
            const auto r = m_emu.get(QStringLiteral("/%1/files").arg(version));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json(), QJsonObject());
        }
    }

    void getAndDelete()
    {
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(3), 1 << 20);
        const QString name = file[QStringLiteral("name")].toString();
        const QString id = name.mid(6);
        for (const QString &version : { QStringLiteral("v1beta"), QStringLiteral("v1") }) {
            const auto r = m_emu.get(QStringLiteral("/%1/%2").arg(version, name));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json(), file);
        }
        // JS sends "{}" even on DELETE.
        auto r = m_emu.request("DELETE", QStringLiteral("/v1beta/") + name, QByteArrayLiteral("{}"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), QJsonObject());

        r = m_emu.get(QStringLiteral("/v1beta/") + name);
        QCOMPARE(r.status, 403);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("PERMISSION_DENIED"));
        QCOMPARE(errorOf(r)[QStringLiteral("message")].toString(),
            QStringLiteral("You do not have permission to access the File %1 or it may not exist.").arg(id));
        QCOMPARE(m_emu.request("DELETE", QStringLiteral("/v1/") + name).status, 403);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files/neverexisted")).status, 403);
    }

    void listPaginatesNewestFirst()
    {
        QStringList uploaded; // oldest first
        for (int i = 0; i < 23; ++i)
            uploaded.prepend(uploadBytes(
                m_emu, makeJsonl(1, QStringLiteral("f%1").arg(i)), 1 << 20)[QStringLiteral("name")]
                                 .toString());
        QVERIFY(!uploaded.contains(QString()));

        QStringList listed;
        QString token;
        int pages = 0;
        do {
            QString path = QStringLiteral("/v1beta/files?pageSize=10");
            if (!token.isEmpty())
                path += QStringLiteral("&pageToken=") + QString::fromLatin1(QUrl::toPercentEncoding(token));
            const auto r = m_emu.get(path);
            QCOMPARE(r.status, 200);
            const QJsonArray files = r.json()[QStringLiteral("files")].toArray();
            QCOMPARE(files.size(), pages < 2 ? 10 : 3);
            for (const QJsonValue &f : files)
                listed.append(f[QStringLiteral("name")].toString());
            token = r.json()[QStringLiteral("nextPageToken")].toString();
            QCOMPARE(r.json().contains(QStringLiteral("nextPageToken")), pages < 2); // absent, never ""
            ++pages;
        } while (!token.isEmpty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(listed, uploaded);

        // Default page size is 10; v1 lists the same files.
        QCOMPARE(m_emu.get(QStringLiteral("/v1/files")).json()[QStringLiteral("files")].toArray().size(), 10);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files?pageSize=0"))
                     .json()[QStringLiteral("files")]
                     .toArray()
                     .size(),
            10);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files?pageSize=1000"))
                     .json()[QStringLiteral("files")]
                     .toArray()
                     .size(),
            23);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files?pageToken=garbage")).status, 400);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files?pageSize=-1")).status, 400);
    }

    void pageSizeIsCappedAt100()
    {
        for (int i = 0; i < 105; ++i)
            QVERIFY(!uploadBytes(m_emu, QByteArrayLiteral("{}\n"), 10)[QStringLiteral("name")]
                         .toString()
                         .isEmpty());
        const auto r = m_emu.get(QStringLiteral("/v1beta/files?pageSize=500"));
        QCOMPARE(r.json()[QStringLiteral("files")].toArray().size(), 100);
        QVERIFY(r.json().contains(QStringLiteral("nextPageToken")));
    }

    void pagesStayStableWhenItemsAreDeleted()
    {
        QStringList names;
        for (int i = 0; i < 6; ++i)
            names.prepend(
                uploadBytes(m_emu, makeJsonl(1, QStringLiteral("s%1").arg(i)), 100)[QStringLiteral("name")]
                    .toString());
        auto r = m_emu.get(QStringLiteral("/v1beta/files?pageSize=3"));
        const QString token = r.json()[QStringLiteral("nextPageToken")].toString();
        QCOMPARE(m_emu.request("DELETE", QStringLiteral("/v1beta/") + names[0]).status, 200);
        r = m_emu.get(QStringLiteral("/v1beta/files?pageSize=3&pageToken=") + token);
        QStringList second;
        for (const QJsonValue &f : r.json()[QStringLiteral("files")].toArray())
            second.append(f[QStringLiteral("name")].toString());
        QCOMPARE(second, names.mid(3));
    }

    void filesExpireAfter48Hours()
    {
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(2), 1 << 20);
        const QString path = QStringLiteral("/v1beta/") + file[QStringLiteral("name")].toString();
        QVERIFY(m_emu.advanceClock(47 * 3600));
        QCOMPARE(m_emu.get(path).status, 200);
        QCOMPARE(m_emu.state()[QStringLiteral("usage")].toObject()[QStringLiteral("storageBytes")].toInt(),
            file[QStringLiteral("sizeBytes")].toString().toInt());
        QVERIFY(m_emu.advanceClock(3600 + 1));
        const auto r = m_emu.get(path);
        QCOMPARE(r.status, 403);
        QVERIFY(errorOf(r)[QStringLiteral("message")].toString().endsWith(
            QStringLiteral("or it may not exist.")));
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files")).json(), QJsonObject());
        QVERIFY(m_emu.state()[QStringLiteral("files")].toArray().isEmpty());
        QCOMPARE(
            m_emu.state()[QStringLiteral("usage")].toObject()[QStringLiteral("storageBytes")].toInt(), 0);
        // An expired file can no longer feed a batch: same 403 wording.
        const auto create
            = createFileBatch(m_emu, file[QStringLiteral("name")].toString(), QStringLiteral("late"));
        QCOMPARE(create.status, 403);
        QVERIFY(errorOf(create)[QStringLiteral("message")].toString().contains(
            file[QStringLiteral("name")].toString().mid(6)));
    }

    void configurableTtlAndProcessing()
    {
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("fileTtlSeconds"), 600 },
                         { QStringLiteral("fileProcessingSeconds"), 30 } })
                     .isEmpty());
        const QJsonObject file = uploadBytes(m_emu, makeJsonl(2), 1 << 20);
        QCOMPARE(file[QStringLiteral("state")].toString(), QStringLiteral("PROCESSING"));
        const QString name = file[QStringLiteral("name")].toString();
        const auto early = createFileBatch(m_emu, name, QStringLiteral("early"));
        QCOMPARE(early.status, 400);
        QCOMPARE(errorOf(early)[QStringLiteral("status")].toString(), QStringLiteral("FAILED_PRECONDITION"));
        QVERIFY(m_emu.advanceClock(31));
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/") + name).json()[QStringLiteral("state")].toString(),
            QStringLiteral("ACTIVE"));
        QCOMPARE(createFileBatch(m_emu, name, QStringLiteral("ok")).status, 200);
        QVERIFY(m_emu.advanceClock(600));
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/") + name).status, 403);
    }

    void downloadBothUrlForms()
    {
        QVERIFY(!m_emu
                     .configure({ { QStringLiteral("pendingSeconds"), 5 },
                         { QStringLiteral("runningSeconds"), 10 } })
                     .isEmpty());
        const QJsonObject op = uploadAndCreate(m_emu, 20, QStringLiteral("dl"));
        const QString batchId = op[QStringLiteral("name")].toString().mid(8);
        QVERIFY(m_emu.advanceClock(16));
        const QJsonObject done = m_emu.get(QStringLiteral("/v1beta/batches/") + batchId).json();
        const QString output = done[QStringLiteral("metadata")]
                                   .toObject()[QStringLiteral("output")]
                                   .toObject()[QStringLiteral("responsesFile")]
                                   .toString();
        QCOMPARE(output, QStringLiteral("files/batch-") + batchId);

        const auto a = m_emu.get(QStringLiteral("/v1beta/%1:download?alt=media").arg(output));
        const auto b = m_emu.get(QStringLiteral("/download/v1beta/%1:download?alt=media").arg(output));
        const auto c = m_emu.get(QStringLiteral("/v1/%1:download?alt=media").arg(output));
        const auto d = m_emu.get(QStringLiteral("/download/v1/%1:download?alt=media").arg(output));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.body.count('\n'), 20);
        QCOMPARE(b.body, a.body);
        QCOMPARE(c.body, a.body);
        QCOMPARE(d.body, a.body);

        // The results file is not in files.list (changes-2026.md row 6) …
        const QJsonArray listed = m_emu.get(QStringLiteral("/v1beta/files?pageSize=100"))
                                      .json()[QStringLiteral("files")]
                                      .toArray();
        QCOMPARE(listed.size(), 1); // the input only
        QVERIFY(listed[0][QStringLiteral("name")].toString() != output);
        // … and files.get and files.delete refuse its 42-character id, as the real API does.
        const QString tooLong = QStringLiteral(
            "* GetFileRequest.name: File ID (name excluding 'files/') cannot be more than 40 characters.\n");
        const auto get = m_emu.get(QStringLiteral("/v1beta/") + output);
        QCOMPARE(get.status, 400);
        QCOMPARE(errorOf(get)[QStringLiteral("status")].toString(), QStringLiteral("INVALID_ARGUMENT"));
        QCOMPARE(errorOf(get)[QStringLiteral("message")].toString(), tooLong);
        const auto del = m_emu.request("DELETE", QStringLiteral("/v1/") + output);
        QCOMPARE(del.status, 400);
        QCOMPARE(errorOf(del)[QStringLiteral("message")].toString(), tooLong);
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/%1:download?alt=media").arg(output)).body, a.body);

        QCOMPARE(
            m_emu.get(QStringLiteral("/v1beta/%1:download").arg(output)).status, 400); // alt=media required
        const QString input = done[QStringLiteral("metadata")]
                                  .toObject()[QStringLiteral("inputConfig")]
                                  .toObject()[QStringLiteral("fileName")]
                                  .toString();
        QCOMPARE(
            m_emu.get(QStringLiteral("/v1beta/%1:download?alt=media").arg(input)).status, 400); // uploaded
        QCOMPARE(m_emu.get(QStringLiteral("/v1beta/files/nothere:download?alt=media")).status, 403);

        // Results are kept outputTtlSeconds (48 h) after the batch ended, then download is 404.
        QVERIFY(m_emu.advanceClock(48 * 3600 - 20));
        QCOMPARE(m_emu.get(QStringLiteral("/download/v1beta/%1:download?alt=media").arg(output)).status, 200);
        QVERIFY(m_emu.advanceClock(20));
        const auto gone = m_emu.get(QStringLiteral("/download/v1beta/%1:download?alt=media").arg(output));
        QCOMPARE(gone.status, 404);
        QCOMPARE(errorOf(gone)[QStringLiteral("status")].toString(), QStringLiteral("NOT_FOUND"));
    }

    void unknownRoutesAnswerGoogleErrors()
    {
        auto r = m_emu.get(QStringLiteral("/v1beta/nothing/here"));
        QCOMPARE(r.status, 404);
        QCOMPARE(errorOf(r)[QStringLiteral("status")].toString(), QStringLiteral("NOT_FOUND"));
        r = m_emu.request("PUT", QStringLiteral("/v1beta/files"), QByteArrayLiteral("{}"));
        QCOMPARE(r.status, 404);
        QCOMPARE(errorOf(r)[QStringLiteral("code")].toInt(), 404);
        QCOMPARE(m_emu.get(QStringLiteral("/v2/files")).status, 404);
    }

private:
    EmulatorProcess m_emu;
};

QTEST_GUILESS_MAIN(TestEmulatorFiles)
#include "tst_emulatorfiles.moc"

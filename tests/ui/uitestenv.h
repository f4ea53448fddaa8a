#pragma once

// Shared set-up of the window tests: a Sandbox emulator in this process, a fresh project in a
// temporary folder, a session connected to the emulator and a main window showing it.

#include "appsettings.h"
#include "batchtablemodel.h"
#include "mainwindow.h"
#include "projectsession.h"
#include "sandboxcontroller.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

namespace bb::test {

struct UiEnv
{
    QTemporaryDir dir;
    std::unique_ptr<AppSettings> settings;
    std::unique_ptr<SandboxController> sandbox;
    std::unique_ptr<ProjectSession> session;
    std::unique_ptr<MainWindow> window;

    // Returns an error text, empty on success.
    QString start(const SandboxController::Pace &pace, int concurrentLimitInApp = 100)
    {
        if (!dir.isValid())
            return QStringLiteral("no temporary folder");
        settings = std::make_unique<AppSettings>(dir.filePath(QStringLiteral("settings.ini")));
        settings->setConcurrentBatches(concurrentLimitInApp);
        settings->setPollIntervalSeconds(5);
        sandbox = std::make_unique<SandboxController>();
        if (!sandbox->start(pace))
            return QStringLiteral("emulator: ") + sandbox->errorString();
        session = std::make_unique<ProjectSession>();
        if (const StoreError e = session->open(dir.filePath(QStringLiteral("project.batchboard"))))
            return describeStoreError(e, dir.path());
        session->setSandbox(true, pace.speed);
        QString why;
        if (!session->connectTo(sandbox->baseUrl(), {}, &why))
            return why;
        EngineSettings engine;
        settings->fillEngineSettings(engine, session->model());
        session->applySettings(engine);
        session->batchModel()->setCoalesceInterval(20);
        window = std::make_unique<MainWindow>(settings.get());
        window->setSession(session.get());
        window->resize(1400, 880);
        window->show();
        return {};
    }

    // Drops `paths` on the window the way a file manager does: drag enter, move, drop.
    bool drop(const QStringList &paths, QWidget *target = nullptr)
    {
        QWidget *w = target ? target : window.get();
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString &p : paths)
            urls.append(QUrl::fromLocalFile(p));
        mime.setUrls(urls);
        const QPointF pos(w->width() / 2.0, w->height() / 2.0);
        QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(w, &enter);
        if (!enter.isAccepted())
            return false;
        QDragMoveEvent move(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(w, &move);
        QDropEvent dropEvent(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(w, &dropEvent);
        return dropEvent.isAccepted();
    }

    int rowsIn(BatchState state) const
    {
        int n = 0;
        BatchTableModel *model = session->batchModel();
        for (int row = 0; row < model->rowCount(); ++row)
            n += model->recordAt(row)->state == state ? 1 : 0;
        return n;
    }

    ~UiEnv()
    {
        window.reset();
        session.reset(); // engine first, then the emulator it talks to
        sandbox.reset();
    }
};

} // namespace bb::test

#pragma once

#include "enginecontext.h"

#include <QObject>
#include <QPointer>

namespace bb {

namespace gemini {
class AllModelsJob;
}

// Knows which models the key offers (models.list) and settles the project's model: a project that
// has none gets the newest stable Flash model of that list (defaultBatchModel), kept in the
// project. When the list cannot be had, a project without a model takes the newest stable Flash
// model of the built-in price data; one that has a model goes on with it (the create answers
// for the model anyway).
class ModelDirectory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelDirectory)

public:
    ModelDirectory(EngineContext &context, QObject *parent = nullptr);

    void refresh(); // on Resume
    void pump(); // retries a failed listing when its back-off has passed
    bool busy() const { return !m_job.isNull(); }
    QDateTime nextWake() const;
    bool listed() const { return m_listed; }

signals:
    void changed();
    void modelChosen(const QString &model);
    void fatal(const QString &message);

private:
    void finished(gemini::AllModelsJob *job);
    void choose(const QString &model, const QString &source);

    EngineContext &m_context;
    QPointer<gemini::AllModelsJob> m_job;
    bool m_listed = false;
    bool m_wanted = false;
    int m_failures = 0;
    QDateTime m_retryAt;
};

} // namespace bb

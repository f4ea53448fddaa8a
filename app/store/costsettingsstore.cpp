#include "costsettingsstore.h"

#include "projectstore.h"

#include <QJsonDocument>

#include <cmath>

namespace bb {
namespace {

const QString pricesKey = QStringLiteral("cost.prices");
const QString outputKey = QStringLiteral("cost.outputPerRequest");
const QString thinkingKey = QStringLiteral("cost.thinkingPerRequest");
const QString capKey = QStringLiteral("cost.spendCap");

std::optional<double> number(const QString &text)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
}

} // namespace

bool parseSpendCap(const QString &text, std::optional<double> *cap)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1StringView("none") || t == QLatin1StringView("off")) {
        cap->reset();
        return true;
    }
    QString digits = t;
    if (digits.startsWith(u'$'))
        digits.remove(0, 1);
    const std::optional<double> value = number(digits);
    if (!value)
        return false;
    *cap = value;
    return true;
}

CostSettings loadCostSettings(const ProjectStore &store)
{
    CostSettings settings;
    const QString json = store.setting(pricesKey);
    if (!json.isEmpty()) {
        bool ok = false;
        const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
        PriceTable table = PriceTable::fromJson(doc.object(), &ok);
        if (doc.isObject() && !table.prices.isEmpty())
            settings.prices = table; // a damaged row is dropped, the rest still counts
    }
    if (const auto v = number(store.setting(outputKey)))
        settings.outputTokensPerRequest = *v;
    if (const auto v = number(store.setting(thinkingKey)))
        settings.thinkingTokensPerRequest = *v;
    std::optional<double> cap;
    if (parseSpendCap(store.setting(capKey), &cap))
        settings.spendCapUsd = cap;
    return settings;
}

StoreError saveSpendCap(ProjectStore &store, std::optional<double> capUsd)
{
    return store.setSetting(capKey, capUsd ? QString::number(*capUsd, 'g', 12) : QString());
}

StoreError saveCostSettings(ProjectStore &store, const CostSettings &settings)
{
    return store.transaction([&]() -> StoreError {
        if (StoreError e = store.setSetting(pricesKey,
                QString::fromUtf8(QJsonDocument(settings.prices.toJson()).toJson(QJsonDocument::Compact))))
            return e;
        if (StoreError e
            = store.setSetting(outputKey, QString::number(settings.outputTokensPerRequest, 'g', 12)))
            return e;
        if (StoreError e
            = store.setSetting(thinkingKey, QString::number(settings.thinkingTokensPerRequest, 'g', 12)))
            return e;
        return saveSpendCap(store, settings.spendCapUsd);
    });
}

} // namespace bb

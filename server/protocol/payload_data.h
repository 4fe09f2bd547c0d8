#pragma once

#include "json_scan.h"

#include <QByteArray>
#include <QList>
#include <QSharedData>

namespace sb::sio {

// Internal to sb_protocol: the shared state behind Payload.
class PayloadData : public QSharedData
{
public:
    QByteArray json = QByteArray("[]");
    QList<QByteArray> attachments;
    QList<JsonElement> elements;
    QList<JsonPlaceholder> placeholders;
};

} // namespace sb::sio

#include "encoder.h"

#include "json_text.h"

namespace sb::sio {

EncodedPacket encode(const Packet &packet)
{
    // The type follows the attachments, both ways: socket.io-parser (4.2.7) refuses a binary
    // packet with 0 attachments.
    PacketType type = packet.type;
    const bool hasAttachments = !packet.attachments.isEmpty();
    if (isEventType(type))
        type = hasAttachments ? PacketType::BinaryEvent : PacketType::Event;
    else if (isAckType(type))
        type = hasAttachments ? PacketType::BinaryAck : PacketType::Ack;

    EncodedPacket out;
    const bool binary = isBinaryType(type);
    const bool withNsp = !packet.nsp.isEmpty() && packet.nsp != "/";
    out.text.reserve(1 + 4 + (withNsp ? packet.nsp.size() + 1 : 0) + 20 + packet.data.size());
    out.text.append(char('0' + int(type)));
    if (binary) {
        out.text.append(QByteArray::number(packet.attachments.size()));
        out.text.append('-');
        out.attachments = packet.attachments;
    }
    if (withNsp) {
        out.text.append(packet.nsp);
        out.text.append(',');
    }
    if (packet.id)
        out.text.append(QByteArray::number(*packet.id));
    out.text.append(packet.data);
    return out;
}

Packet makeConnect(const QByteArray &nsp, QStringView sid, QStringView pid, QStringView offset)
{
    Packet packet;
    packet.type = PacketType::Connect;
    packet.nsp = nsp;
    packet.data.append("{\"sid\":");
    appendJsonString(packet.data, sid);
    if (!pid.isEmpty()) {
        packet.data.append(",\"pid\":");
        appendJsonString(packet.data, pid);
    }
    if (!offset.isEmpty()) {
        packet.data.append(",\"offset\":");
        appendJsonString(packet.data, offset);
    }
    packet.data.append('}');
    return packet;
}

Packet makeConnectError(const QByteArray &nsp, QStringView message, QByteArrayView dataJson)
{
    Packet packet;
    packet.type = PacketType::ConnectError;
    packet.nsp = nsp;
    packet.data.append("{\"message\":");
    appendJsonString(packet.data, message);
    if (!dataJson.isEmpty()) {
        packet.data.append(",\"data\":");
        packet.data.append(dataJson);
    }
    packet.data.append('}');
    return packet;
}

Packet makeDisconnect(const QByteArray &nsp)
{
    Packet packet;
    packet.type = PacketType::Disconnect;
    packet.nsp = nsp;
    return packet;
}

namespace {

Packet makeArgsPacket(PacketType plain, PacketType binary, const QByteArray &nsp,
    const Payload &payload, std::optional<quint64> id)
{
    Packet packet;
    packet.type = payload.hasBinary() ? binary : plain;
    packet.nsp = nsp;
    packet.id = id;
    packet.data = payload.json();
    packet.attachments = payload.attachments();
    return packet;
}

} // namespace

Packet makeEvent(const QByteArray &nsp, const Payload &payload, std::optional<quint64> id)
{
    return makeArgsPacket(PacketType::Event, PacketType::BinaryEvent, nsp, payload, id);
}

Packet makeAck(const QByteArray &nsp, quint64 id, const Payload &payload)
{
    return makeArgsPacket(PacketType::Ack, PacketType::BinaryAck, nsp, payload, id);
}

} // namespace sb::sio

#include "parser.h"

#include "decoder.h"
#include "encoder.h"
#include "msgpack_parser.h"

namespace sb::sio {

namespace {

class DefaultParser final : public Parser
{
public:
    ParserKind kind() const override { return ParserKind::Default; }
    QList<WireMessage> encode(const Packet &packet) const override
    {
        EncodedPacket encoded = sio::encode(packet);
        QList<WireMessage> messages;
        messages.reserve(1 + encoded.attachments.size());
        messages.append({std::move(encoded.text), false});
        for (QByteArray &attachment : encoded.attachments)
            messages.append({std::move(attachment), true});
        return messages;
    }
    std::unique_ptr<PacketDecoder> makeDecoder() const override
    {
        return std::make_unique<Decoder>();
    }
};

class MsgpackParser final : public Parser
{
public:
    ParserKind kind() const override { return ParserKind::Msgpack; }
    QList<WireMessage> encode(const Packet &packet) const override
    {
        return {{encodeMsgpack(packet), true}};
    }
    std::unique_ptr<PacketDecoder> makeDecoder() const override
    {
        return std::make_unique<MsgpackDecoder>();
    }
};

} // namespace

QString parserName(ParserKind kind)
{
    switch (kind) {
    case ParserKind::Default:
        return QStringLiteral("default");
    case ParserKind::Msgpack:
        return QStringLiteral("msgpack");
    }
    return QStringLiteral("default");
}

std::optional<ParserKind> parserFromName(QStringView name)
{
    if (name == u"default")
        return ParserKind::Default;
    if (name == u"msgpack")
        return ParserKind::Msgpack;
    return std::nullopt;
}

const Parser &Parser::of(ParserKind kind)
{
    static const DefaultParser defaultParser;
    static const MsgpackParser msgpackParser;
    return kind == ParserKind::Msgpack ? static_cast<const Parser &>(msgpackParser)
                                       : static_cast<const Parser &>(defaultParser);
}

} // namespace sb::sio

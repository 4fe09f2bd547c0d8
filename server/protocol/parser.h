#pragma once

#include "common/result.h"
#include "packet.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

#include <memory>
#include <optional>

namespace sb::sio {

enum class DecodeError : quint8;

// Which wire encoding of Socket.IO packets a server speaks. Chosen per server, as socket.io's
// `parser` option: every client of that server must use the same one.
enum class ParserKind : quint8 {
    Default, // socket.io-parser: a text frame plus one binary frame per attachment (packet.h)
    Msgpack, // socket.io-msgpack-parser 3.x: one binary frame per packet (msgpack_parser.h)
};

// "default" / "msgpack", as on the command line.
QString parserName(ParserKind kind);
std::optional<ParserKind> parserFromName(QStringView name);

// One Engine.IO message of an encoded packet.
struct WireMessage
{
    QByteArray data;
    bool binary = false;
};

// Turns the Engine.IO messages of one connection into packets. Every implementation yields the
// same `Packet` shape: `data` is exact JSON text and binary values are attachments referenced by
// placeholders (binary types only), so everything above the parser is the same for all of them.
class PacketDecoder
{
public:
    // Who sends the packets being decoded. A server decodes Client packets; Server lets tests and
    // client code decode what a server sends (CONNECT_ERROR allowed).
    enum class Peer : quint8 { Client, Server };

    virtual ~PacketDecoder() = default;

    void setPeer(Peer peer) { m_peer = peer; }
    Peer peer() const { return m_peer; }
    // Attachments (binary values) per packet; socket.io-parser's default is 10.
    void setMaxAttachments(int max) { m_maxAttachments = max; }
    int maxAttachments() const { return m_maxAttachments; }
    // JSON nesting depth of the payload ([] is depth 1).
    void setMaxDepth(int max) { m_maxDepth = max; }
    int maxDepth() const { return m_maxDepth; }
    // Node rounds ids to the nearest double, so ids above 2^53 - 1 stop matching the ack they
    // answer; we refuse them instead (AckIdOverflow).
    void setMaxAckId(quint64 max) { m_maxAckId = max; }
    quint64 maxAckId() const { return m_maxAckId; }

    // One text message / one binary message. A packet when complete; nullopt when more messages
    // are needed (the attachments of a binary packet). After an error every call fails with it
    // until reset().
    virtual Result<std::optional<Packet>, DecodeError> feedText(const QByteArray &text) = 0;
    virtual Result<std::optional<Packet>, DecodeError> feedBinary(const QByteArray &bytes) = 0;
    virtual bool isReconstructing() const = 0;
    virtual bool hasFailed() const = 0;
    // Drops any pending packet and a past error.
    virtual void reset() = 0;

protected:
    Peer m_peer = Peer::Client;
    int m_maxAttachments = 10;
    int m_maxDepth = 32;
    quint64 m_maxAckId = MaxSafeInteger;
};

// A wire encoding: how a packet becomes Engine.IO messages and back. Implementations are
// stateless; Parser::of() gives the shared instance of each kind.
class Parser
{
public:
    virtual ~Parser() = default;
    virtual ParserKind kind() const = 0;
    // The messages of one packet, in order. Encode once and write the same (implicitly shared)
    // bytes to every recipient of a broadcast.
    virtual QList<WireMessage> encode(const Packet &packet) const = 0;
    virtual std::unique_ptr<PacketDecoder> makeDecoder() const = 0;

    static const Parser &of(ParserKind kind);
};

} // namespace sb::sio

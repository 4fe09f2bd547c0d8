#pragma once

#include "admin/admin_options.h"
#include "chat_service.h"
#include "cluster/redis_address.h"
#include "engine/engine_options.h"
#include "http/http_server.h"
#include "io/server.h"
#include "monitor/monitor.h"

#include <QRegularExpression>

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <chrono>

// Everything the command line (and later the settings dialog) decides about the server.
struct ServerConfig
{
    QHostAddress bindAddress = QHostAddress::Any;
    quint16 port = 3000;
    QByteArray path = "/socket.io/";
    QByteArray rawEnginePath; // empty: no raw Engine.IO echo endpoint
    bool serveClient = true; // the socket.io-client browser bundle under the path
    sb::eio::EngineOptions engine;
    sb::io::ServerOptions io;
    // A cluster through Redis (--redis); none: a single server with the in-memory adapter.
    std::optional<sb::cluster::RedisAddress> redis;
    QByteArray redisKey = "socket.io";
    // The built-in service mounted on the Socket.IO endpoint ("chat", "echo"), or none. The
    // command line's default is "chat".
    QString service;
    ChatOptions chat;
    // Non-empty: every connection needs an HS256 token signed with it (auth: {token}).
    QByteArray jwtSecret;
    // Lifetime of the sign-in tokens minted here (--mint-token, the console's Share dock).
    std::chrono::seconds tokenTtl{24 * 3600};
    QList<QByteArray> serviceNamespaces; // default "/"
    QList<QRegularExpression> serviceNamespacePatterns;
    sb::http::ServerOptions http;
    // TLS on the port (--tls-cert and --tls-key, or --tls-self-signed); setUpTls() (tls_setup.h)
    // reads or makes the certificate into http.tls.
    QString tlsCertificateFile;
    QString tlsKeyFile;
    bool tlsSelfSigned = false;
    // The monitor that feeds the console and the status line (created when one of them is on).
    bool monitored = false;
    sb::monitor::MonitorOptions monitor;
    // The admin UI's protocol on its namespace (--admin-ui); none: off.
    std::optional<sb::admin::AdminOptions> admin;
};

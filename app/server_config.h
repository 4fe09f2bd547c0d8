#pragma once

#include "engine/engine_options.h"
#include "http/http_server.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

// Everything the command line (and later the settings dialog) decides about the server.
struct ServerConfig
{
    QHostAddress bindAddress = QHostAddress::Any;
    quint16 port = 3000;
    QByteArray path = "/socket.io/";
    QByteArray rawEnginePath; // empty: no raw Engine.IO echo endpoint
    sb::eio::EngineOptions engine;
    sb::http::ServerOptions http;
};

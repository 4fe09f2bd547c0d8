#pragma once

#include "io/server.h"

#include <QRegularExpression>

// The echo service: a diagnostic operators use to test clients (README, "The echo service").
// Mounted on the given namespaces (and on every child of the given patterns); every other
// namespace is refused by the server as "Invalid namespace".
class EchoService final
{
public:
    EchoService(sb::io::Server &server, const QList<QByteArray> &namespaces,
        const QList<QRegularExpression> &patterns);

private:
    void mount(sb::io::Namespace &nsp);
    static void serve(sb::io::Socket &socket);
    static void serveCluster(sb::io::Socket &socket);
};

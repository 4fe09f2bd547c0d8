#pragma once

#include <QByteArray>
#include <QString>

// The QR code of `text` (libqrencode, error correction level M) as lines of text for a terminal:
// two modules per character cell with half blocks, black on white through ANSI colours so that it
// scans on dark and light terminals alike, with the 4-module quiet zone the standard asks for.
// Empty if the text cannot be encoded.
QString qrTerminalText(const QByteArray &text);

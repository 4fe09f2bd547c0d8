#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace sb::sio {

// Small JSON text helpers that behave like JavaScript, so that what we write equals what
// JSON.stringify would write and what we read equals what JSON.parse would read.

// Appends `s` as a JSON string literal, like JSON.stringify (ES2019, "well-formed"): `"` and `\`
// escaped, \b \f \n \r \t by name, other code units below 0x20 as \u00xx, lone surrogates as
// \udxxx (lower-case hex), everything else as raw UTF-8 (including U+2028, U+2029, DEL and '/').
void appendJsonString(QByteArray &out, QStringView s);
QByteArray quoteJsonString(QStringView s);

// Decodes a JSON string literal (with its quotes) that scanJson accepted. Escaped lone surrogates
// come back as lone UTF-16 code units, like JSON.parse.
QString decodeJsonString(QByteArrayView literal);

// JSON.stringify of a number: JavaScript's Number::toString, and `null` for NaN and infinities.
QByteArray formatJsonNumber(double value);

// JavaScript's Number::toString (ECMA-262 §6.1.6.1.20): shortest round-trip digits, "1e+21",
// "1e-7", "-0" written as "0", "NaN", "Infinity", "-Infinity".
QString jsNumberToString(double value);

// JSON.parse of a number literal that scanJson accepted: nearest double, overflow to an infinity,
// underflow to zero.
double parseJsonNumber(QByteArrayView literal);

} // namespace sb::sio

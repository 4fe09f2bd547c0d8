#pragma once

#include <QtGlobal>

namespace sb::ui {

// Calls f(first, last) for every run of adjacent set bits in `mask` (bit i: column i changed),
// below `columnCount`: one dataChanged per run announces exactly the changed cells.
template <typename F>
void forEachColumnRun(quint32 mask, int columnCount, F &&f)
{
    int column = 0;
    while (column < columnCount) {
        if (!(mask & (1u << column))) {
            ++column;
            continue;
        }
        int last = column;
        while (last + 1 < columnCount && (mask & (1u << (last + 1))))
            ++last;
        f(column, last);
        column = last + 1;
    }
}

} // namespace sb::ui

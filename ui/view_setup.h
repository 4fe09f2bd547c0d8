#pragma once

#include <QStringList>

class QTableView;

namespace sb::ui::views {

// The settings every big table of the console shares: row selection, no word wrap, fixed row
// heights and interactive columns. Nothing measures row contents, which is what keeps 10,000
// rows (or 50,000 log records) cheap to lay out.
void setUpTable(QTableView *view);

// Initial column widths from one typical value per column (and the header text, so that no
// header is clipped): measured once, never from the rows themselves.
void fitColumns(QTableView *view, const QStringList &samples);

// Keeps the view at its last row as rows arrive, like `tail -f`, unless the operator scrolled
// away from the bottom to read something.
void followTail(QTableView *view);

} // namespace sb::ui::views

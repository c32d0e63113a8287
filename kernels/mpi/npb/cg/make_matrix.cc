#include "make_matrix.h"

#include <algorithm>
#include <cmath>

#include "vcb/npb_random.h"

namespace npb_cg {
namespace {

// The generated outer-product vectors, (nonzer + 1) slots per row, as NPB's arow/acol/aelt.
struct SparseVectors {
  int slots;
  std::vector<int> length;
  std::vector<int> index;
  std::vector<double> value;
};

// NPB's sprnvc + vecset for every row: `nonzer` distinct positions drawn from [0, nn1) (nn1 the
// power of two >= n, rejecting positions >= n), each with a random value drawn first; then
// element i is set to 0.5 (overwritten if drawn, else appended).
SparseVectors draw_vectors(int n, int nonzer, int skip) {
  int nn1 = 1;
  while (nn1 < n) nn1 *= 2;
  SparseVectors v{nonzer + 1, std::vector<int>(n), std::vector<int>(static_cast<size_t>(n) * (nonzer + 1)),
                  std::vector<double>(static_cast<size_t>(n) * (nonzer + 1))};
  double tran = vcb::npb::kSeed;
  const double amult = vcb::npb::kMultiplier;
  vcb::npb::randlc(tran, amult);  // NPB discards the first value (it becomes the initial zeta)
  for (int s = 0; s < skip; ++s) vcb::npb::randlc(tran, amult);
  for (int i = 0; i < n; ++i) {
    int* idx = &v.index[static_cast<size_t>(i) * v.slots];
    double* val = &v.value[static_cast<size_t>(i) * v.slots];
    int len = 0;
    while (len < nonzer) {
      const double elt = vcb::npb::randlc(tran, amult);
      const double loc = vcb::npb::randlc(tran, amult);
      const int pos = static_cast<int>(nn1 * loc);
      if (pos >= n || std::find(idx, idx + len, pos) != idx + len) continue;
      idx[len] = pos;
      val[len] = elt;
      ++len;
    }
    bool set = false;
    for (int e = 0; e < len; ++e)
      if (idx[e] == i) {
        val[e] = 0.5;
        set = true;
      }
    if (!set) {
      idx[len] = i;
      val[len] = 0.5;
      ++len;
    }
    v.length[i] = len;
  }
  return v;
}

struct Entry {
  int col;
  double val;
};

}  // namespace

LocalMatrix make_matrix(int n, int nonzer, double shift, double rcond, RowBlock rows, int skip) {
  const SparseVectors v = draw_vectors(n, nonzer, skip);
  auto mine = [&](int row) { return row >= rows.first && row < rows.first + rows.count; };

  // Pass 1: how many (unmerged) contributions each kept row receives.
  std::vector<int64_t> start(rows.count + 1, 0);
  for (int i = 0; i < n; ++i)
    for (int e = 0; e < v.length[i]; ++e) {
      const int row = v.index[static_cast<size_t>(i) * v.slots + e];
      if (mine(row)) start[row - rows.first + 1] += v.length[i];
    }
  for (int r = 0; r < rows.count; ++r) start[r + 1] += start[r];

  // Pass 2: contributions in the order of i, the order NPB adds duplicates in.
  std::vector<Entry> entries(static_cast<size_t>(start[rows.count]));
  std::vector<int64_t> fill(start.begin(), start.end() - 1);
  const double ratio = std::pow(rcond, 1.0 / n);
  double size = 1.0;
  for (int i = 0; i < n; ++i) {
    const int* idx = &v.index[static_cast<size_t>(i) * v.slots];
    const double* val = &v.value[static_cast<size_t>(i) * v.slots];
    for (int e = 0; e < v.length[i]; ++e) {
      const int row = idx[e];
      if (!mine(row)) continue;
      const double scale = size * val[e];
      for (int f = 0; f < v.length[i]; ++f) {
        double va = val[f] * scale;
        if (idx[f] == row && row == i) va = va + rcond - shift;
        entries[fill[row - rows.first]++] = {idx[f], va};
      }
    }
    size *= ratio;
  }

  // Sort each row by column (stable: equal columns keep the order of i) and merge duplicates.
  LocalMatrix m;
  m.rows = rows;
  m.row_start.assign(rows.count + 1, 0);
  for (int r = 0; r < rows.count; ++r) {
    auto first = entries.begin() + start[r], last = entries.begin() + start[r + 1];
    std::stable_sort(first, last, [](const Entry& a, const Entry& b) { return a.col < b.col; });
    for (auto it = first; it != last;) {
      const int col = it->col;
      double sum = 0.0;
      for (; it != last && it->col == col; ++it) sum += it->val;
      m.col.push_back(col);
      m.val.push_back(sum);
    }
    m.row_start[r + 1] = static_cast<int64_t>(m.col.size());
  }
  return m;
}

}  // namespace npb_cg

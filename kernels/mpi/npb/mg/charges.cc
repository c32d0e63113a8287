#include "charges.h"

#include <mpi.h>

#include <algorithm>
#include <functional>

#include "stencils.h"
#include "vcb/npb_random.h"

namespace vcb::npb_mg {
namespace {

constexpr int kCharges = 10;

struct Candidate {
  double value;
  double index;  // global linear index, exact in a double (< 2^53)
};

// Keeps the `kCharges` best candidates seen so far under `better`, best first.
template <class Better>
void offer(std::vector<Candidate>& best, Candidate c, Better better) {
  if (best.size() == kCharges && !better(c.value, best.back().value)) return;
  auto pos = std::find_if(best.begin(), best.end(), [&](const Candidate& b) { return better(c.value, b.value); });
  best.insert(pos, c);
  if (best.size() > kCharges) best.pop_back();
}

// Merges every rank's candidates and returns the global best indices, best first.
template <class Better>
std::vector<int64_t> globally_best(const std::vector<Candidate>& mine, bool spread, Better better) {
  std::vector<Candidate> all = mine;
  if (spread) {
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<Candidate> padded(kCharges, Candidate{0, -1});
    std::copy(mine.begin(), mine.end(), padded.begin());
    all.assign(static_cast<std::size_t>(kCharges) * size, Candidate{});
    MPI_Allgather(padded.data(), 2 * kCharges, MPI_DOUBLE, all.data(), 2 * kCharges, MPI_DOUBLE, MPI_COMM_WORLD);
    std::erase_if(all, [](const Candidate& c) { return c.index < 0; });
  }
  // Ties cannot occur in practice (distinct 46-bit values); the index keeps the order total anyway.
  std::sort(all.begin(), all.end(), [&](const Candidate& a, const Candidate& b) {
    return better(a.value, b.value) || (a.value == b.value && a.index < b.index);
  });
  std::vector<int64_t> out;
  for (int i = 0; i < kCharges && i < static_cast<int>(all.size()); ++i) out.push_back(static_cast<int64_t>(all[i].index));
  return out;
}

void put(const Level& l, double* v, int64_t g, double value) {
  const int64_t n = l.n;
  const int i1 = static_cast<int>(g % n), i2 = static_cast<int>((g / n) % n), i3 = static_cast<int>(g / (n * n));
  if (i3 < l.z0 || i3 >= l.z0 + l.nzl) return;
  v[l.at(i1 + 1, i2 + 1, i3 - l.z0 + 1)] = value;
}

}  // namespace

Charges place_charges(const Level& top, double* v, double scale) {
  const double a = npb::kMultiplier;
  const uint64_t n = static_cast<uint64_t>(top.n);
  const double a_row = npb::pow46(a, n), a_plane = npb::pow46(a, n * n);
  zero(top, v);
  double plane_seed = npb::skip_ahead(npb::kSeed, a, n * n * static_cast<uint64_t>(top.z0));
  for (int i3 = 1; i3 <= top.nzl; ++i3) {
    double row_seed = plane_seed;
    for (int i2 = 1; i2 <= top.n; ++i2) {
      double x = row_seed;
      npb::vranlc(top.n, x, a, v + top.at(1, i2, i3));
      npb::randlc(row_seed, a_row);
    }
    npb::randlc(plane_seed, a_plane);
  }

  std::vector<Candidate> largest, smallest;
  for (int i3 = 1; i3 <= top.nzl; ++i3)
    for (int i2 = 1; i2 <= top.n; ++i2)
      for (int i1 = 1; i1 <= top.n; ++i1) {
        const double value = v[top.at(i1, i2, i3)];
        const double g = (i1 - 1) + static_cast<double>(n) * ((i2 - 1) + static_cast<double>(n) * (top.z0 + i3 - 1));
        offer(largest, {value, g}, std::greater<double>());
        offer(smallest, {value, g}, std::less<double>());
      }

  Charges ch;
  ch.plus = globally_best(largest, top.spread, std::greater<double>());
  ch.minus = globally_best(smallest, top.spread, std::less<double>());
  zero(top, v);
  for (int64_t g : ch.minus) put(top, v, g, -scale);
  for (int64_t g : ch.plus) put(top, v, g, +scale);
  exchange_ghosts(top, v);
  return ch;
}

}  // namespace vcb::npb_mg

#include "forces.h"

#include <algorithm>
#include <cmath>

namespace comd {
namespace {

inline size_t slot(int b, int i) { return static_cast<size_t>(b) * kMaxPerBox + i; }

constexpr int kMaxNeighbourhood = 27 * kMaxPerBox;

// One box's pair partners in one contiguous list: the box's own atoms first, then the atoms of its
// local neighbour boxes in the forward half of the stencil, then those of every halo neighbour box.
// Atom i of the box pairs with entries i+1.. of the list, so each pair of local atoms is met by
// exactly one box; the entries below n_local are local atoms, which also receive the reaction.
struct Neighbourhood {
  int n = 0, n_local = 0;
  double x[kMaxNeighbourhood], y[kMaxNeighbourhood], z[kMaxNeighbourhood];
  int slot[kMaxNeighbourhood];
};

// The neighbours of one atom within the cutoff: index into the neighbourhood and r², in order.
struct Hits {
  int n = 0;
  int m[kMaxNeighbourhood];
  double r2[kMaxNeighbourhood];
};

// Per-thread work space: the neighbourhood, one atom's hits, per-hit terms, per-entry sums.
struct PairScratch {
  Neighbourhood nb;
  Hits h;
  double r2[kMaxNeighbourhood];
  double t[5][kMaxNeighbourhood];    // per-hit terms
  double sum[3][kMaxNeighbourhood];  // per-entry reactions (force components or density)
};

PairScratch& pair_scratch() {
  static thread_local PairScratch s;
  return s;
}

inline bool forward(const std::array<int, 3>& d) {
  return d[2] > 0 || (d[2] == 0 && (d[1] > 0 || (d[1] == 0 && d[0] > 0)));
}

void gather_neighbourhood(const Cells& c, int ib, Neighbourhood& nb) {
  int n = 0;
  const auto append = [&](int jb) {
    const size_t base = slot(jb, 0);
    for (int j = 0; j < c.count[jb]; ++j, ++n) {
      nb.x[n] = c.rx[base + j], nb.y[n] = c.ry[base + j], nb.z[n] = c.rz[base + j];
      nb.slot[n] = static_cast<int>(base + j);
    }
  };
  const auto& dirs = c.neighbour_dirs();
  const auto& offsets = c.neighbour_offsets();
  append(ib);
  for (int k = 0; k < 27; ++k)
    if (forward(dirs[k]) && c.is_local(ib + offsets[k])) append(ib + offsets[k]);
  nb.n_local = n;
  for (int k = 0; k < 27; ++k)
    if (!c.is_local(ib + offsets[k])) append(ib + offsets[k]);
  nb.n = n;
}

// Distances to entries from..n-1 (vectorised), then a branch-free compaction of those within the
// cutoff, in list order.
inline void find_hits(PairScratch& s, int from, double xi, double yi, double zi, double rcut2) {
  const Neighbourhood& nb = s.nb;
  double* r2 = s.r2;
#pragma omp simd
  for (int m = from; m < nb.n; ++m) {
    const double dx = xi - nb.x[m], dy = yi - nb.y[m], dz = zi - nb.z[m];
    r2[m] = dx * dx + dy * dy + dz * dz;
  }
  int n = 0;
  for (int m = from; m < nb.n; ++m) {
    s.h.m[n] = m, s.h.r2[n] = r2[m];
    n += (r2[m] <= rcut2) & (r2[m] > 0.0);
  }
  s.h.n = n;
}

// The number of hits with local atoms (they come first).
inline int local_hits(const PairScratch& s) {
  int n = 0;
  for (int m = 0; m < s.h.n; ++m) n += s.h.m[m] < s.nb.n_local;
  return n;
}

double sum_in_order(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

// Rows of boxes (along x) grouped by colour, (iy mod 3, iz mod 2). A box writes only to itself and
// its local forward neighbours (dz = 0 or 1, dy = -1..1), so two rows of one colour never write to
// the same atom; a row's boxes run in order on one thread.
void make_colours(const Cells& c, ForceScratch& s) {
  const auto& g = c.geom().grid;
  if (s.colours.size() == 6 && s.row_length == g[0]) return;
  s.colours.assign(6, {});
  s.row_length = g[0];
  for (int iz = 0; iz < g[2]; ++iz)
    for (int iy = 0; iy < g[1]; ++iy) s.colours[iy % 3 + 3 * (iz % 2)].push_back(g[0] * (iy + g[1] * iz));
}

// Runs body(k) for every local box, colour after colour; call inside a parallel region.
template <class Body>
void for_boxes_by_colour(const ForceScratch& s, Body&& body) {
  for (const auto& rows : s.colours) {
#pragma omp for schedule(static)
    for (size_t n = 0; n < rows.size(); ++n)
      for (int k = rows[n]; k < rows[n] + s.row_length; ++k) body(static_cast<size_t>(k));
  }
}

// Adds the per-entry sums of the local entries to a box's per-slot arrays.
inline void add_reactions(const PairScratch& s, int components, std::vector<double>* out[3]) {
  for (int d = 0; d < components; ++d) {
    double* o = out[d]->data();
    for (int m = 0; m < s.nb.n_local; ++m) o[s.nb.slot[m]] += s.sum[d][m];
  }
}

void zero_box(std::vector<double>& v, int b, int count) { std::fill_n(v.begin() + slot(b, 0), count, 0.0); }

}  // namespace

double lj_force(Cells& c, const Potential& p, ForceScratch& scratch) {
  const double sigma = p.sigma, epsilon = p.epsilon;
  const double s6 = sigma * sigma * sigma * sigma * sigma * sigma;
  const double rcut2 = p.cutoff * p.cutoff;
  const double rcut6 = s6 / (rcut2 * rcut2 * rcut2);
  const double eshift = 1.0 * rcut6 * (rcut6 - 1.0);
  const auto& local = c.local_boxes();
  scratch.box_energy.assign(local.size(), 0.0);
  make_colours(c, scratch);
  std::vector<double>* force[3] = {&c.fx, &c.fy, &c.fz};
#pragma omp parallel
  {
#pragma omp for schedule(static)
    for (size_t k = 0; k < local.size(); ++k)
      for (auto* f : force) zero_box(*f, local[k], c.count[local[k]]);
    for_boxes_by_colour(scratch, [&](size_t k) {
      const int ib = local[k];
      PairScratch& s = pair_scratch();
      const Neighbourhood& nb = s.nb;
      gather_neighbourhood(c, ib, s.nb);
      for (auto& a : s.sum) std::fill_n(a, nb.n, 0.0);
      double* te = s.t[0];
      double* fr = s.t[1];
      double e = 0.0;
      for (int i = 0; i < c.count[ib]; ++i) {
        const double xi = nb.x[i], yi = nb.y[i], zi = nb.z[i];
        find_hits(s, i + 1, xi, yi, zi, rcut2);
#pragma omp simd
        for (int m = 0; m < s.h.n; ++m) {
          const double ir2 = 1.0 / s.h.r2[m];
          const double r6 = s6 * (ir2 * ir2 * ir2);
          te[m] = r6 * (r6 - 1.0) - eshift;
          fr[m] = -4.0 * epsilon * r6 * ir2 * (12.0 * r6 - 6.0);
        }
        const int n_local = local_hits(s);
        double fxi = 0.0, fyi = 0.0, fzi = 0.0;
        for (int m = 0; m < s.h.n; ++m) {  // the differences of find_hits again: cheaper than stored
          const int j = s.h.m[m];
          e += (m < n_local ? 1.0 : 0.5) * te[m];  // a halo pair's other half is the other side's
          const double tx = (xi - nb.x[j]) * fr[m], ty = (yi - nb.y[j]) * fr[m], tz = (zi - nb.z[j]) * fr[m];
          fxi += tx, fyi += ty, fzi += tz;
          s.sum[0][j] += tx, s.sum[1][j] += ty, s.sum[2][j] += tz;
        }
        s.sum[0][i] -= fxi, s.sum[1][i] -= fyi, s.sum[2][i] -= fzi;
      }
      add_reactions(s, 3, force);
      scratch.box_energy[k] = e;
    });
  }
  return sum_in_order(scratch.box_energy) * (4.0 * epsilon);
}

namespace {

// phi and rho share one grid (both tables are built on the file's r spacing): locate r once.
inline void eam_pair_tables(const Potential& p, double r, double& phi, double& dphi, double& rho,
                            double& drho) {
  int ii;
  double frac;
  if (p.phi.locate(r, ii, frac)) {
    p.phi.eval(ii, frac, phi, dphi);
    p.rho.eval(ii, frac, rho, drho);
  } else {
    p.phi.interpolate(r, phi, dphi);
    p.rho.interpolate(r, rho, drho);
  }
}

// Pass 1: the pair energy and host electron density of every local atom; keeps each pair with
// phi', rho' and r for pass 3.
void eam_pair_pass(Cells& c, const Potential& p, ForceScratch& fs, size_t k) {
  const double rcut2 = p.cutoff * p.cutoff;
  const int ib = c.local_boxes()[k];
  PairScratch& s = pair_scratch();
  const Neighbourhood& nb = s.nb;
  gather_neighbourhood(c, ib, s.nb);
  std::fill_n(s.sum[0], nb.n, 0.0);
  double *r = s.t[0], *phi = s.t[1], *dphi = s.t[2], *rho = s.t[3], *drho = s.t[4];
  auto& hits = fs.hits[k];
  auto& halo_hits = fs.halo_hits[k];
  hits.clear(), halo_hits.clear();
  double e = 0.0;
  for (int i = 0; i < c.count[ib]; ++i) {
    find_hits(s, i + 1, nb.x[i], nb.y[i], nb.z[i], rcut2);
#pragma omp simd
    for (int m = 0; m < s.h.n; ++m) r[m] = std::sqrt(s.h.r2[m]);
    for (int m = 0; m < s.h.n; ++m) eam_pair_tables(p, r[m], phi[m], dphi[m], rho[m], drho[m]);
    const int n_local = local_hits(s);
    double rho_i = 0.0;
    for (int m = 0; m < s.h.n; ++m) {
      const int j = s.h.m[m];
      e += (m < n_local ? 1.0 : 0.5) * phi[m];
      rho_i += rho[m];
      s.sum[0][j] += rho[m];
      (m < n_local ? hits : halo_hits).push_back({i, nb.slot[j], dphi[m], drho[m], r[m]});
    }
    s.sum[0][i] += rho_i;
  }
  std::vector<double>* rhobar[3] = {&fs.rhobar, nullptr, nullptr};
  add_reactions(s, 1, rhobar);
  fs.box_energy[k] = e;
}

// Pass 2: embedding energy F(rhobar) and its derivative for the atoms of one box; zeroes their forces.
void eam_embed_pass(Cells& c, const Potential& p, ForceScratch& s, size_t k) {
  const int b = c.local_boxes()[k];
  double e = 0.0;
  for (int i = 0; i < c.count[b]; ++i) {
    const size_t si = slot(b, i);
    double f, df;
    p.embed.interpolate(s.rhobar[si], f, df);
    s.dfembed[si] = df;
    e += f;
    c.fx[si] = c.fy[si] = c.fz[si] = 0.0;
  }
  s.box_embed[k] = e;
}

// Pass 3: pair force plus embedding force, which needs dF/drho of halo atoms too, for the pairs
// pass 1 kept; a pair of local atoms pushes both.
void eam_force_pass(Cells& c, ForceScratch& s, size_t k) {
  const size_t base = slot(c.local_boxes()[k], 0);
  const auto apply = [&](const std::vector<EamHit>& hits, bool both) {
    for (const EamHit& hit : hits) {
      const size_t si = base + hit.i, sj = hit.sj;
      const double w = hit.dphi + (s.dfembed[si] + s.dfembed[sj]) * hit.drho;
      const double tx = w * (c.rx[si] - c.rx[sj]) / hit.r, ty = w * (c.ry[si] - c.ry[sj]) / hit.r,
                   tz = w * (c.rz[si] - c.rz[sj]) / hit.r;
      c.fx[si] -= tx, c.fy[si] -= ty, c.fz[si] -= tz;
      if (both) c.fx[sj] += tx, c.fy[sj] += ty, c.fz[sj] += tz;
    }
  };
  apply(s.hits[k], true);
  apply(s.halo_hits[k], false);
}

}  // namespace

double eam_force(Cells& c, const Potential& p, const Comm& comm, ForceScratch& s) {
  const auto& local = c.local_boxes();
  const size_t slots = static_cast<size_t>(c.n_boxes()) * kMaxPerBox;
  s.box_energy.assign(local.size(), 0.0);
  s.box_embed.assign(local.size(), 0.0);
  s.rhobar.resize(slots);
  s.dfembed.resize(slots);
  s.hits.resize(local.size());
  s.halo_hits.resize(local.size());
  make_colours(c, s);
#pragma omp parallel
  {
#pragma omp for schedule(static)
    for (size_t k = 0; k < local.size(); ++k) zero_box(s.rhobar, local[k], c.count[local[k]]);
    for_boxes_by_colour(s, [&](size_t k) { eam_pair_pass(c, p, s, k); });
#pragma omp for schedule(static)
    for (size_t k = 0; k < local.size(); ++k) eam_embed_pass(c, p, s, k);
  }
  c.exchange_halo_values(comm, s.dfembed);
#pragma omp parallel
  for_boxes_by_colour(s, [&](size_t k) { eam_force_pass(c, s, k); });
  return sum_in_order(s.box_energy) + sum_in_order(s.box_embed);
}

}  // namespace comd

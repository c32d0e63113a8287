#include "forces.h"

#include <cmath>

namespace comd {
namespace {

inline size_t slot(int b, int i) { return static_cast<size_t>(b) * kMaxPerBox + i; }

// The atoms of one neighbour box within the cutoff of atom i, in box (gid) order. Distances are
// computed for the whole box first (vectorisable) and the hits compacted without branches: the
// pair loop then runs only over real neighbours. Same arithmetic as a direct loop, bit for bit.
struct Hits {
  int n = 0;
  int j[kMaxPerBox];
  double r2[kMaxPerBox];
};

// Squared distance from each atom of box ib to each of its 27 neighbour boxes (a lower bound on any
// pair distance). A neighbour box beyond the cutoff holds no pair that passes the cutoff test, so
// skipping it leaves every sum unchanged; the margin covers atoms a rounding error outside their box.
struct Reach {
  double d2[27][kMaxPerBox];
};

inline void box_reach(const Cells& c, int ib, Reach& out) {
  const auto lo = c.box_low(ib);
  const auto& size = c.geom().box_size;
  double dist[3][3][kMaxPerBox];  // axis, direction (-1, 0, +1), atom
  const double* r[3] = {c.rx.data() + slot(ib, 0), c.ry.data() + slot(ib, 0), c.rz.data() + slot(ib, 0)};
  for (int d = 0; d < 3; ++d)
    for (int i = 0; i < c.count[ib]; ++i) {
      const double u = r[d][i] - lo[d];
      dist[d][0][i] = u > 0.0 ? u : 0.0;
      dist[d][1][i] = 0.0;
      dist[d][2][i] = size[d] - u > 0.0 ? size[d] - u : 0.0;
    }
  const auto& dirs = c.neighbour_dirs();
  for (int n = 0; n < 27; ++n) {
    const double* ax = dist[0][dirs[n][0] + 1];
    const double* ay = dist[1][dirs[n][1] + 1];
    const double* az = dist[2][dirs[n][2] + 1];
    for (int i = 0; i < c.count[ib]; ++i) out.d2[n][i] = ax[i] * ax[i] + ay[i] * ay[i] + az[i] * az[i];
  }
}

inline double reach_limit(double cutoff) { return (cutoff + 1e-6) * (cutoff + 1e-6); }

inline void find_hits(const Cells& c, int jb, double xi, double yi, double zi, double rcut2, Hits& h) {
  const int nj = c.count[jb];
  const double* rx = c.rx.data() + slot(jb, 0);
  const double* ry = c.ry.data() + slot(jb, 0);
  const double* rz = c.rz.data() + slot(jb, 0);
#pragma omp simd
  for (int j = 0; j < nj; ++j) {
    const double dx = xi - rx[j], dy = yi - ry[j], dz = zi - rz[j];
    h.r2[j] = dx * dx + dy * dy + dz * dz;
  }
  int n = 0;
  for (int j = 0; j < nj; ++j) {
    h.j[n] = j;
    n += (h.r2[j] <= rcut2) & (h.r2[j] > 0.0);
  }
  h.n = n;
}

double sum_in_order(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

// Each box's forces are zeroed by the thread that then accumulates them (one parallel region less).
inline void zero_box_forces(Cells& c, int b) {
  for (int i = 0; i < c.count[b]; ++i) {
    const size_t s = slot(b, i);
    c.fx[s] = c.fy[s] = c.fz[s] = 0.0;
  }
}

}  // namespace

double lj_force(Cells& c, const Potential& p, ForceScratch& scratch) {
  const double sigma = p.sigma, epsilon = p.epsilon;
  const double s6 = sigma * sigma * sigma * sigma * sigma * sigma;
  const double rcut2 = p.cutoff * p.cutoff;
  const double limit = reach_limit(p.cutoff);
  const double rcut6 = s6 / (rcut2 * rcut2 * rcut2);
  const double eshift = 1.0 * rcut6 * (rcut6 - 1.0);
  const auto& local = c.local_boxes();
  const auto& nbr = c.neighbour_offsets();
  scratch.box_energy.assign(local.size(), 0.0);
#pragma omp parallel for schedule(static)
  for (size_t k = 0; k < local.size(); ++k) {
    const int ib = local[k];
    double e = 0.0;
    Hits h;
    Reach reach;
    // Neighbour box outermost, as the reference: each atom's force accumulates box by box.
    zero_box_forces(c, ib);
    box_reach(c, ib, reach);
    for (int n = 0; n < 27; ++n) {
      const int jb = ib + nbr[n];
      for (int i = 0; i < c.count[ib]; ++i) {
        if (reach.d2[n][i] > limit) continue;
        const size_t si = slot(ib, i);
        find_hits(c, jb, c.rx[si], c.ry[si], c.rz[si], rcut2, h);
        double fxi = c.fx[si], fyi = c.fy[si], fzi = c.fz[si];
        for (int m = 0; m < h.n; ++m) {
          const int j = h.j[m];
          const double ir2 = 1.0 / h.r2[j];
          const double r6 = s6 * (ir2 * ir2 * ir2);
          const double e_pair = r6 * (r6 - 1.0) - eshift;
          e += 0.5 * e_pair;
          const double fr = -4.0 * epsilon * r6 * ir2 * (12.0 * r6 - 6.0);
          const size_t sj = slot(jb, j);  // the same differences as find_hits, recomputed: cheaper than stored
          fxi -= (c.rx[si] - c.rx[sj]) * fr;
          fyi -= (c.ry[si] - c.ry[sj]) * fr;
          fzi -= (c.rz[si] - c.rz[sj]) * fr;
        }
        c.fx[si] = fxi, c.fy[si] = fyi, c.fz[si] = fzi;
      }
    }
    scratch.box_energy[k] = e;
  }
  return sum_in_order(scratch.box_energy) * (4.0 * epsilon);
}

namespace {

// Pass 2: embedding energy F(rhobar) and its derivative for the atoms of one box, right after
// pass 1 completed their densities (same thread, so no extra parallel region).
void eam_embed_box(Cells& c, const Potential& p, ForceScratch& s, size_t k) {
  const int b = c.local_boxes()[k];
  double e = 0.0;
  for (int i = 0; i < c.count[b]; ++i) {
    const size_t si = slot(b, i);
    double f, df;
    p.embed.interpolate(s.rhobar[si], f, df);
    s.dfembed[si] = df;
    e += f;
  }
  s.box_embed[k] = e;
}

// Pass 1: pair energy, pair force and the host electron density of every local atom.
void eam_pair_pass(Cells& c, const Potential& p, ForceScratch& s) {
  const double rcut2 = p.cutoff * p.cutoff;
  const double limit = reach_limit(p.cutoff);
  const auto& local = c.local_boxes();
  const auto& nbr = c.neighbour_offsets();
#pragma omp parallel for schedule(static)
  for (size_t k = 0; k < local.size(); ++k) {
    const int ib = local[k];
    double e = 0.0;
    Hits h;
    Reach reach;
    auto& hits = s.hits[k];
    hits.clear();
    zero_box_forces(c, ib);
    box_reach(c, ib, reach);
    for (int n = 0; n < 27; ++n) {
      const int jb = ib + nbr[n];
      for (int i = 0; i < c.count[ib]; ++i) {
        if (reach.d2[n][i] > limit) continue;
        const size_t si = slot(ib, i);
        find_hits(c, jb, c.rx[si], c.ry[si], c.rz[si], rcut2, h);
        double fxi = c.fx[si], fyi = c.fy[si], fzi = c.fz[si], rho_i = s.rhobar[si];
        for (int m = 0; m < h.n; ++m) {
          const int j = h.j[m];
          const double r = std::sqrt(h.r2[j]);
          double phi, dphi, rho, drho;
          p.phi.interpolate(r, phi, dphi);
          p.rho.interpolate(r, rho, drho);
          const size_t sj = slot(jb, j);
          fxi -= dphi * (c.rx[si] - c.rx[sj]) / r;
          fyi -= dphi * (c.ry[si] - c.ry[sj]) / r;
          fzi -= dphi * (c.rz[si] - c.rz[sj]) / r;
          e += 0.5 * phi;
          rho_i += rho;
          hits.push_back({i, static_cast<int>(sj), drho, r});
        }
        c.fx[si] = fxi, c.fy[si] = fyi, c.fz[si] = fzi, s.rhobar[si] = rho_i;
      }
    }
    s.box_energy[k] = e;
    eam_embed_box(c, p, s, k);
  }
}

// Pass 3: the embedding force, which needs dF/drho of halo atoms too. It walks the pairs pass 1
// kept, in the same order, so each atom's force keeps the reference's summation order.
void eam_embed_force_pass(Cells& c, ForceScratch& s) {
  const auto& local = c.local_boxes();
#pragma omp parallel for schedule(static)
  for (size_t k = 0; k < local.size(); ++k) {
    const size_t base = slot(local[k], 0);
    for (const EamHit& hit : s.hits[k]) {
      const size_t si = base + hit.i;
      const double dx = c.rx[si] - c.rx[hit.sj], dy = c.ry[si] - c.ry[hit.sj], dz = c.rz[si] - c.rz[hit.sj];
      const double w = (s.dfembed[si] + s.dfembed[hit.sj]) * hit.drho;
      c.fx[si] -= w * dx / hit.r;
      c.fy[si] -= w * dy / hit.r;
      c.fz[si] -= w * dz / hit.r;
    }
  }
}

}  // namespace

double eam_force(Cells& c, const Potential& p, const Comm& comm, ForceScratch& s) {
  const auto& local = c.local_boxes();
  const size_t slots = static_cast<size_t>(c.n_boxes()) * kMaxPerBox;
  s.box_energy.assign(local.size(), 0.0);
  s.box_embed.assign(local.size(), 0.0);
  s.rhobar.assign(slots, 0.0);
  s.dfembed.assign(slots, 0.0);
  s.hits.resize(local.size());
  eam_pair_pass(c, p, s);
  c.exchange_halo_values(comm, s.dfembed);
  eam_embed_force_pass(c, s);
  return sum_in_order(s.box_energy) + sum_in_order(s.box_embed);
}

}  // namespace comd

#include "sim.h"

#include <omp.h>

#include <chrono>
#include <cmath>

#include "rng.h"

namespace comd {
namespace {

inline size_t slot(int b, int i) { return static_cast<size_t>(b) * kMaxPerBox + i; }

constexpr double kBasis[4][3] = {{0.25, 0.25, 0.25}, {0.25, 0.75, 0.75}, {0.75, 0.25, 0.75}, {0.75, 0.75, 0.25}};

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Simulation::Simulation(const Config& cfg, const Potential& pot, const Comm& comm, const Geometry& geom)
    : cfg_(cfg), pot_(pot), comm_(comm), cells_(geom) {}

bool Simulation::create_lattice(std::string& error) {
  const Geometry& g = cells_.geom();
  const double lat = cfg_.lattice;
  std::array<int, 3> lo{}, hi{};
  for (int d = 0; d < 3; ++d) {
    lo[d] = static_cast<int>(std::floor(g.local_min[d] / lat));
    hi[d] = static_cast<int>(std::ceil(g.local_max[d] / lat));
  }
  const double p0[3] = {0.0, 0.0, 0.0};
  const int ny = cfg_.cells[1], nz = cfg_.cells[2];
  for (int ix = lo[0]; ix < hi[0]; ++ix)
    for (int iy = lo[1]; iy < hi[1]; ++iy)
      for (int iz = lo[2]; iz < hi[2]; ++iz)
        for (int ib = 0; ib < 4; ++ib) {
          const double r[3] = {(ix + kBasis[ib][0]) * lat, (iy + kBasis[ib][1]) * lat, (iz + kBasis[ib][2]) * lat};
          bool inside = true;
          for (int d = 0; d < 3; ++d) inside = inside && r[d] >= g.local_min[d] && r[d] < g.local_max[d];
          if (!inside) continue;
          const int id = ib + 4 * (iz + nz * (iy + ny * ix));
          if (!cells_.put(id, r, p0)) return error = "a link cell overflowed while building the lattice", false;
        }
  n_global_ = comm_.sum(cells_.local_atoms());
  return true;
}

// Maxwell-Boltzmann momenta from per-atom seeds (so any decomposition draws the same numbers), then
// zero total momentum and rescale to exactly T. The sums run in box order, as the reference.
void Simulation::set_temperature() {
  const double mass = pot_.mass, temp = cfg_.temperature;
  const double sigma = std::sqrt(kBoltzmannEv * temp / mass);
  for (int b : cells_.local_boxes())
    for (int i = 0; i < cells_.count[b]; ++i) {
      const size_t s = slot(b, i);
      uint64_t seed = make_seed(static_cast<uint32_t>(cells_.gid[s]), 123);
      cells_.px[s] = mass * sigma * gasdev(seed);
      cells_.py[s] = mass * sigma * gasdev(seed);
      cells_.pz[s] = mass * sigma * gasdev(seed);
    }
  if (temp == 0.0) return;
  double sums[4] = {0, 0, 0, 0};
  for (int b : cells_.local_boxes())
    for (int i = 0; i < cells_.count[b]; ++i) {
      const size_t s = slot(b, i);
      sums[0] += cells_.px[s], sums[1] += cells_.py[s], sums[2] += cells_.pz[s], sums[3] += mass;
    }
  comm_.sum(sums, 4);
  const double shift[3] = {0.0 - sums[0] / sums[3], 0.0 - sums[1] / sums[3], 0.0 - sums[2] / sums[3]};
  for (int b : cells_.local_boxes())
    for (int i = 0; i < cells_.count[b]; ++i) {
      const size_t s = slot(b, i);
      cells_.px[s] += shift[0] * mass, cells_.py[s] += shift[1] * mass, cells_.pz[s] += shift[2] * mass;
    }
  double pe = 0.0, ke = 0.0;
  energies(pe, ke);
  const double current = (ke / n_global_) / kBoltzmannEv / 1.5;
  const double scale = std::sqrt(temp / current);
  for (int b : cells_.local_boxes())
    for (int i = 0; i < cells_.count[b]; ++i) {
      const size_t s = slot(b, i);
      cells_.px[s] *= scale, cells_.py[s] *= scale, cells_.pz[s] *= scale;
    }
}

void Simulation::random_displacements() {
  for (int b : cells_.local_boxes())
    for (int i = 0; i < cells_.count[b]; ++i) {
      const size_t s = slot(b, i);
      uint64_t seed = make_seed(static_cast<uint32_t>(cells_.gid[s]), 457);
      cells_.rx[s] += (2.0 * lcg61(seed) - 1.0) * cfg_.delta;
      cells_.ry[s] += (2.0 * lcg61(seed) - 1.0) * cfg_.delta;
      cells_.rz[s] += (2.0 * lcg61(seed) - 1.0) * cfg_.delta;
    }
}

bool Simulation::compute_force(std::string& error) {
  if (!cells_.redistribute(comm_, error)) return false;
  e_potential_ = pot_.kind == PotentialKind::lj ? lj_force(cells_, pot_, scratch_)
                                                : eam_force(cells_, pot_, comm_, scratch_);
  return true;
}

void Simulation::kick(double half_dt) {
  const auto& local = cells_.local_boxes();
#pragma omp parallel for schedule(static)
  for (size_t k = 0; k < local.size(); ++k)
    for (int i = 0; i < cells_.count[local[k]]; ++i) {
      const size_t s = slot(local[k], i);
      cells_.px[s] += half_dt * cells_.fx[s];
      cells_.py[s] += half_dt * cells_.fy[s];
      cells_.pz[s] += half_dt * cells_.fz[s];
    }
}

// The first half kick and the drift in one pass (per atom they are independent).
void Simulation::kick_drift(double half_dt, double dt) {
  const double inv_mass = 1.0 / pot_.mass;
  const auto& local = cells_.local_boxes();
#pragma omp parallel for schedule(static)
  for (size_t k = 0; k < local.size(); ++k)
    for (int i = 0; i < cells_.count[local[k]]; ++i) {
      const size_t s = slot(local[k], i);
      cells_.px[s] += half_dt * cells_.fx[s];
      cells_.py[s] += half_dt * cells_.fy[s];
      cells_.pz[s] += half_dt * cells_.fz[s];
      cells_.rx[s] += dt * cells_.px[s] * inv_mass;
      cells_.ry[s] += dt * cells_.py[s] * inv_mass;
      cells_.rz[s] += dt * cells_.pz[s] * inv_mass;
    }
}

// Global potential and kinetic energy (eV); the kinetic sum runs in box order.
void Simulation::energies(double& potential, double& kinetic) {
  const double half_inv_mass = 0.5 / pot_.mass;
  double ke = 0.0;
  for (int b : cells_.local_boxes())
    for (int i = 0; i < cells_.count[b]; ++i) {
      const size_t s = slot(b, i);
      ke += (cells_.px[s] * cells_.px[s] + cells_.py[s] * cells_.py[s] + cells_.pz[s] * cells_.pz[s]) * half_inv_mass;
    }
  double sums[2] = {e_potential_, ke};
  comm_.sum(sums, 2);
  potential = sums[0];
  kinetic = sums[1];
}

EnergyLine Simulation::line(int step, double us_per_atom) {
  double pe = 0.0, ke = 0.0;
  energies(pe, ke);
  const double n = static_cast<double>(n_global_);
  EnergyLine l;
  l.step = step;
  l.time = step * cfg_.dt;
  l.potential = pe / n;
  l.kinetic = ke / n;
  l.total = (pe + ke) / n;
  l.temperature = (ke / n) / (kBoltzmannEv * 1.5);
  l.us_per_atom = us_per_atom;
  return l;
}

bool Simulation::init(std::string& error) {
  if (!create_lattice(error)) return false;
  set_temperature();
  if (cfg_.delta != 0.0) random_displacements();
  return compute_force(error);
}

bool Simulation::run(std::FILE* out, RunResult& result, std::string& error) {
  if (!init(error)) return false;
  result.atoms_initial = n_global_;
  const bool print = comm_.rank() == 0 && out != nullptr;
  if (print)
    std::fprintf(out, "#                                                                                         Performance\n"
                      "#  Loop   Time(fs)       Total Energy   Potential Energy     Kinetic Energy  Temperature   (us/atom)     # Atoms\n");
  const double dt = cfg_.dt * cfg_.perturb_dt;
  const long long n_local = cells_.local_atoms();
  double block_us = 0.0;
  int step = 0;
  for (;;) {
    const EnergyLine l = line(step, block_us);
    result.lines.push_back(l);
    if (print)
      std::fprintf(out, " %6d %10.2f %.17g %.17g %.17g %.10f %10.4f %12lld\n", l.step, l.time, l.total, l.potential,
                   l.kinetic, l.temperature, l.us_per_atom, n_global_);
    if (step >= cfg_.steps) break;
    const double t0 = now();
    for (int k = 0; k < cfg_.print_rate; ++k) {
      kick_drift(0.5 * dt, dt);
      if (!compute_force(error)) return false;
      kick(0.5 * dt);
    }
    const double elapsed = now() - t0;
    result.loop_seconds += comm_.max(elapsed);
    block_us = 1e6 * elapsed / (static_cast<double>(cfg_.print_rate) * (n_local > 0 ? n_local : 1));
    step += cfg_.print_rate;
  }
  result.atoms_final = comm_.sum(cells_.local_atoms());
  return true;
}

}  // namespace comd

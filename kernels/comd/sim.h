#pragma once
// One CoMD-like run: FCC lattice, CoMD's initial velocities, velocity Verlet with half kicks,
// redistribution and forces every step, energies printed every `print_rate` steps.
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "cells.h"
#include "comm.h"
#include "forces.h"
#include "potential.h"

namespace comd {

struct Config {
  std::array<int, 3> cells{20, 20, 20};  // FCC unit cells (-x -y -z)
  std::array<int, 3> procs{1, 1, 1};     // rank grid (-i -j -k)
  int steps = 100;                       // -N
  int print_rate = 10;                   // -n
  double dt = 1.0;                       // fs (-D)
  double lattice = -1.0;                 // A (-l); <= 0: the potential's
  double temperature = 600.0;            // K (-T)
  double delta = 0.0;                    // A, random displacement amplitude (-r)
  double perturb_dt = 1.0;               // test-only: the integrator uses dt * perturb_dt
};

struct EnergyLine {
  int step = 0;
  double time = 0, total = 0, potential = 0, kinetic = 0, temperature = 0;  // per atom, K
  double us_per_atom = 0;  // of the print block that ended here
};

struct RunResult {
  std::vector<EnergyLine> lines;
  long long atoms_initial = 0, atoms_final = 0;
  double loop_seconds = 0.0;  // the time steps only (CoMD's `loop` timer), max over ranks
};

class Simulation {
 public:
  Simulation(const Config& cfg, const Potential& pot, const Comm& comm, const Geometry& geom);
  // Runs and prints the loop table on `out` (rank 0 only). False with `error` on a fatal problem.
  bool run(std::FILE* out, RunResult& result, std::string& error);

 private:
  bool init(std::string& error);
  bool create_lattice(std::string& error);
  void set_temperature();
  void random_displacements();
  bool compute_force(std::string& error);
  void kick(double half_dt);
  void kick_drift(double half_dt, double dt);
  void energies(double& potential, double& kinetic);
  EnergyLine line(int step, double us_per_atom);

  Config cfg_;
  const Potential& pot_;
  const Comm& comm_;
  Cells cells_;
  ForceScratch scratch_;
  double e_potential_ = 0.0;  // this rank's, from the last force evaluation
  long long n_global_ = 0;
};

}  // namespace comd

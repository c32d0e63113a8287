#pragma once
// Forces and potential energy on every local atom. Both follow CoMD's OpenMP code: a full neighbour
// loop (every pair from both sides), 27 neighbour boxes in fixed order, atoms in gid order, so each
// atom's force is summed in the same order on any thread or rank count. The potential energy is
// summed per box and then over boxes in box order, so it does not depend on the thread count.
#include <vector>

#include "cells.h"
#include "potential.h"

namespace comd {

// An EAM pair found in pass 1, kept so pass 3 neither searches nor interpolates again.
struct EamHit {
  int i;        // slot of the local atom within its box
  int sj;       // global slot of the neighbour
  double drho;  // d rho / dr at r
  double r;
};

struct ForceScratch {
  std::vector<std::vector<EamHit>> hits;  // per local box, in (neighbour box, i, j) order
  std::vector<double> box_energy;  // per local box
  std::vector<double> box_embed;   // per local box (EAM embedding energy)
  std::vector<double> rhobar, dfembed;  // per slot (EAM)
};

// Returns the rank's potential energy (eV); sets fx, fy, fz of local atoms.
double lj_force(Cells& c, const Potential& p, ForceScratch& s);
double eam_force(Cells& c, const Potential& p, const Comm& comm, ForceScratch& s);

}  // namespace comd

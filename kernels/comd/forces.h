#pragma once
// Forces and potential energy on every local atom. Each pair of local atoms is evaluated once and
// its force applied to both (Newton's third law, as CoMD's MPI code); a pair with a halo atom is
// evaluated from the local side only, with half its energy. Rows of boxes are processed in 6 colour
// phases (iy mod 3, iz mod 2): rows of one colour never touch the same atoms, so every atom's
// force and density are summed in an order fixed by the box layout, whatever the thread count.
// Energies are summed per box, then over boxes in box order.
#include <vector>

#include "cells.h"
#include "potential.h"

namespace comd {

// An EAM pair found in pass 1, kept so pass 3 neither searches nor interpolates again.
struct EamHit {
  int i;        // slot of the local atom within its box
  int sj;       // global slot of the neighbour
  double dphi;  // d phi / dr at r (the pair force, applied in pass 3 with the embedding force)
  double drho;  // d rho / dr at r
  double r;
};

struct ForceScratch {
  std::vector<std::vector<int>> colours;  // first local-box position of each row of boxes, by colour
  int row_length = 0;                     // boxes per row (along x)
  std::vector<std::vector<EamHit>> hits, halo_hits;  // per local box: pairs with local / halo atoms
  std::vector<double> box_energy;                    // per local box
  std::vector<double> box_embed;                     // per local box (EAM embedding energy)
  std::vector<double> rhobar, dfembed;               // per slot (EAM)
};

// Returns the rank's potential energy (eV); sets fx, fy, fz of local atoms.
double lj_force(Cells& c, const Potential& p, ForceScratch& s);
double eam_force(Cells& c, const Potential& p, const Comm& comm, ForceScratch& s);

}  // namespace comd

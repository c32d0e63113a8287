#pragma once
// Command line: CoMD's single-dash flags, translated to vcbench's long spellings so both forms land
// in the record's params, then handed with the harness' own flags to vcb::Kernel.
//
//   CoMD   long              meaning (default)
//   -x -y -z  --nx --ny --nz      FCC unit cells per axis (20)
//   -i -j -k  --xproc --yproc --zproc  MPI rank grid (1 1 1; product = ranks)
//   -N     --steps           time steps (100)
//   -n     --print-rate      steps between energy lines (10)
//   -D     --dt              time step, fs (1)
//   -l     --lat             lattice constant, A (-1: the potential's)
//   -T     --temp            initial temperature, K (600)
//   -r     --delta           random displacement amplitude, A (0)
//   -e     --potential       lj | eam-funcfl | eam-setfl (lj; -e means EAM, -t picks funcfl/setfl)
//   -d -p  --pot-dir --pot-name  EAM table directory and file name (CoMD's pots/ names)
//          --pot-file        EAM table path (overrides --pot-dir/--pot-name)
//          --threads         OpenMP threads
//          --perturb-dt      test only: scales the integrator's dt, so validation must fail
#include <string>
#include <vector>

namespace comd {

// Returns argv with CoMD's short flags rewritten as long ones; false with `error` on a bad flag.
bool translate_short_flags(int argc, char** argv, std::vector<std::string>& out, std::string& error);

}  // namespace comd

#pragma once
// The kernel contract under MPI: every rank parses the same flags and checks its part of the
// answer; rank 0 alone prints the reference-style output and emits the records.
//
//   vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
//   vcb::Kernel k("npb_cg", argc, argv);
//   ... k.param(...); vcb::mpi::check_ranks(k, w); k.begin();
//   ... if (w.root()) k.emit({... .series = vcb::mpi::single_run(k.plan(), seconds) ...});
//   return vcb::mpi::finish(k, w, passed);      // MPI_Finalize, same exit status on every rank
#include "vcb/kernel.h"

namespace vcb::mpi {

struct World {
  int rank = 0;
  int size = 1;
  bool root() const { return rank == 0; }
};

// MPI_Init; from here a usage error on any rank finalizes MPI and exits 2, printed by rank 0 only.
World init(int* argc, char*** argv);

// The `ranks` parameter: the rank count the harness launched (recorded in benchmark.params). It
// defaults to the world size and must equal it, so a record never claims another rank count.
long long check_ranks(Kernel& k, const World& w);

bool all_true(bool local);
double max_all(double local);
double min_all(double local);
double sum_all(double local);

// A kernel that times one whole run of its problem (NPB, Graph500): one interval of one operation.
Series single_run(const Plan& plan, double seconds);

// Finalizes MPI and returns the process exit status: 0 only when `passed` holds on every rank and
// (on rank 0) every record validated.
int finish(const Kernel& k, const World& w, bool passed);

}  // namespace vcb::mpi

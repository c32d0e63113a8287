#include "collectives.h"

#include <mpi.h>

#include "pattern.h"
#include "vcb/mpi_world.h"

namespace osu {
namespace {

// The OSU collective loop around `call`; fills seconds/min/max (bad is the caller's). A template,
// so no indirect call sits inside the timed region.
template <class Call>
Sample timed_loop(Counts c, const Call& call) {
  MPI_Barrier(MPI_COMM_WORLD);
  double timer = 0;
  for (int64_t i = 0; i < c.iterations + c.skip; ++i) {
    const double t0 = MPI_Wtime();
    call();
    const double t1 = MPI_Wtime();
    if (i >= c.skip) timer += t1 - t0;
    MPI_Barrier(MPI_COMM_WORLD);
  }
  const double latency_us = timer * 1e6 / static_cast<double>(c.iterations);
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  Sample out;
  out.min_us = vcb::mpi::min_all(latency_us);
  out.max_us = vcb::mpi::max_all(latency_us);
  const double avg_us = vcb::mpi::sum_all(latency_us) / ranks;
  out.seconds = avg_us * static_cast<double>(c.iterations) / 1e6;
  return out;
}

}  // namespace

Sample allreduce_sample(Endpoint& e, std::size_t size, Counts c) {
  const std::size_t count = size / sizeof(float);
  auto* in = reinterpret_cast<float*>(e.send.data());
  auto* out = reinterpret_cast<float*>(e.recv.data());
  for (std::size_t i = 0; i < count; ++i) {
    in[i] = reduce_input(count, e.rank, i);
    out[i] = -1.0f;
  }
  if (e.perturb && e.rank == 0 && count > 0) in[0] += 1.0f;
  Sample s = timed_loop(c, [&] {
    MPI_Allreduce(in, out, static_cast<int>(count), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  });
  for (std::size_t i = 0; i < count; ++i) s.bad += out[i] != reduce_expected(count, e.ranks, i);
  return s;
}

// Block p of the send buffer goes to rank p; block q of the receive buffer must hold rank q's
// pattern for this rank.
Sample alltoall_sample(Endpoint& e, std::size_t size, Counts c) {
  for (int p = 0; p < e.ranks; ++p) {
    uint8_t* block = e.send.data() + p * size;
    fill_pattern(block, size, size, e.rank, p);
    if (e.perturb && e.rank == 0) block[0] ^= 0xFF;
    poison(e.recv.data() + p * size, size, size, p, e.rank);
  }
  const int n = static_cast<int>(size);
  Sample s = timed_loop(c, [&] {
    MPI_Alltoall(e.send.data(), n, MPI_CHAR, e.recv.data(), n, MPI_CHAR, MPI_COMM_WORLD);
  });
  for (int q = 0; q < e.ranks; ++q) s.bad += count_mismatches(e.recv.data() + q * size, size, size, q, e.rank);
  return s;
}

// One buffer on every rank: the root's pattern, poisoned elsewhere until the broadcast lands.
Sample bcast_sample(Endpoint& e, std::size_t size, Counts c) {
  uint8_t* buf = e.recv.data();
  if (e.rank == 0) {
    fill_pattern(buf, size, size, 0, 0);
    if (e.perturb) buf[0] ^= 0xFF;
  } else {
    poison(buf, size, size, 0, 0);
  }
  const int n = static_cast<int>(size);
  Sample s = timed_loop(c, [&] { MPI_Bcast(buf, n, MPI_CHAR, 0, MPI_COMM_WORLD); });
  s.bad = count_mismatches(buf, size, size, 0, 0);
  return s;
}

}  // namespace osu

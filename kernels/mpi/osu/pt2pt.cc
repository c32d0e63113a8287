#include "pt2pt.h"

#include <mpi.h>

#include "pattern.h"

namespace osu {
namespace {

constexpr int kDataTag = 100;
constexpr int kAckTag = 101;

// Every sent byte is the sender's pattern for this peer; --perturb spoils one byte on rank 0.
void prepare(Endpoint& e, std::size_t size) {
  const int peer = 1 - e.rank;
  fill_pattern(e.send.data(), size, size, e.rank, peer);
  if (e.perturb && e.rank == 0 && size > 0) e.send.data()[0] ^= 0xFF;
  poison(e.recv.data(), size, size, peer, e.rank);
}

// The message that arrived last: right length and the peer's pattern.
long check_received(const Endpoint& e, std::size_t size, const MPI_Status& st) {
  int count = -1;
  MPI_Get_count(&st, MPI_CHAR, &count);
  const long wrong_count = count == static_cast<int>(size) ? 0 : 1;
  return wrong_count + count_mismatches(e.recv.data(), size, size, 1 - e.rank, e.rank);
}

long check_window(const Endpoint& e, std::size_t size, const MPI_Status* st) {
  long bad = count_mismatches(e.recv.data(), size, size, 1 - e.rank, e.rank);
  for (int j = 0; j < kWindow; ++j) {
    int count = -1;
    MPI_Get_count(&st[j], MPI_CHAR, &count);
    bad += count != static_cast<int>(size);
  }
  return bad;
}

}  // namespace

Sample latency_sample(Endpoint& e, std::size_t size, Counts c) {
  prepare(e, size);
  const int peer = 1 - e.rank, n = static_cast<int>(size);
  char* s = reinterpret_cast<char*>(e.send.data());
  char* r = reinterpret_cast<char*>(e.recv.data());
  MPI_Status st{};
  double t0 = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  for (int64_t i = 0; i < c.iterations + c.skip; ++i) {
    if (e.rank == 0) {
      if (i == c.skip) t0 = MPI_Wtime();
      MPI_Send(s, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
      MPI_Recv(r, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, &st);
    } else {
      MPI_Recv(r, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, &st);
      MPI_Send(s, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
    }
  }
  Sample out;
  out.seconds = MPI_Wtime() - t0;
  out.bad = check_received(e, size, st);
  return out;
}

// Rank 0 streams windows of 64 messages; rank 1 answers each window with a 4-byte ack, so the
// timer on rank 0 covers the time until the last message of the last window was received.
Sample bw_sample(Endpoint& e, std::size_t size, Counts c) {
  prepare(e, size);
  const int n = static_cast<int>(size);
  char* s = reinterpret_cast<char*>(e.send.data());
  char* r = reinterpret_cast<char*>(e.recv.data());
  MPI_Request req[kWindow];
  MPI_Status st[kWindow];
  char ack[4] = {};
  double t0 = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  for (int64_t i = 0; i < c.iterations + c.skip; ++i) {
    if (e.rank == 0) {
      if (i == c.skip) t0 = MPI_Wtime();
      for (int j = 0; j < kWindow; ++j) MPI_Isend(s, n, MPI_CHAR, 1, kDataTag, MPI_COMM_WORLD, &req[j]);
      MPI_Waitall(kWindow, req, st);
      MPI_Recv(ack, 4, MPI_CHAR, 1, kAckTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      for (int j = 0; j < kWindow; ++j) MPI_Irecv(r, n, MPI_CHAR, 0, kDataTag, MPI_COMM_WORLD, &req[j]);
      MPI_Waitall(kWindow, req, st);
      MPI_Send(ack, 4, MPI_CHAR, 0, kAckTag, MPI_COMM_WORLD);
    }
  }
  Sample out;
  out.seconds = MPI_Wtime() - t0;
  if (e.rank == 1) out.bad = check_window(e, size, st);  // rank 0 only sends
  return out;
}

// Both ranks post 64 receives and 64 sends per iteration; no ack (OSU's bibw).
Sample bibw_sample(Endpoint& e, std::size_t size, Counts c) {
  prepare(e, size);
  const int peer = 1 - e.rank, n = static_cast<int>(size);
  char* s = reinterpret_cast<char*>(e.send.data());
  char* r = reinterpret_cast<char*>(e.recv.data());
  MPI_Request send_req[kWindow], recv_req[kWindow];
  MPI_Status recv_st[kWindow];
  double t0 = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  for (int64_t i = 0; i < c.iterations + c.skip; ++i) {
    if (i == c.skip) t0 = MPI_Wtime();
    for (int j = 0; j < kWindow; ++j) MPI_Irecv(r, n, MPI_CHAR, peer, kDataTag, MPI_COMM_WORLD, &recv_req[j]);
    for (int j = 0; j < kWindow; ++j) MPI_Isend(s, n, MPI_CHAR, peer, kDataTag, MPI_COMM_WORLD, &send_req[j]);
    MPI_Waitall(kWindow, send_req, MPI_STATUSES_IGNORE);
    MPI_Waitall(kWindow, recv_req, recv_st);
  }
  Sample out;
  out.seconds = MPI_Wtime() - t0;
  out.bad = check_window(e, size, recv_st);
  return out;
}

}  // namespace osu

// MPI decomposition and communication. Left/right first, then bottom/top over whole rows that
// already hold the new left/right halos, so corner halos are right (as CloverLeaf does).
#include "comm.h"

#ifdef VCB_CLOVER_MPI
#include <mpi.h>
#endif

namespace clover {

Decomposition decompose(int x_cells, int y_cells, int ranks) {
  const double mesh_ratio = static_cast<double>(x_cells) / static_cast<double>(y_cells);
  Decomposition d{ranks, 1};
  bool found = false;
  for (int c = 1; c <= ranks; ++c) {
    if (ranks % c != 0) continue;
    if (static_cast<double>(ranks / c) / static_cast<double>(c) <= mesh_ratio) {
      d = {ranks / c, c};
      found = true;
      break;
    }
  }
  if (!found || d.chunks_y == ranks) d = mesh_ratio >= 1.0 ? Decomposition{ranks, 1} : Decomposition{1, ranks};
  return d;
}

int chunk_cells_x(const Decomposition& d, int x_cells, int cx) {
  return x_cells / d.chunks_x + (cx < x_cells % d.chunks_x ? 1 : 0);
}
int chunk_cells_y(const Decomposition& d, int y_cells, int cy) {
  return y_cells / d.chunks_y + (cy < y_cells % d.chunks_y ? 1 : 0);
}

void place_chunk(const Decomposition& d, int x_cells, int y_cells, int rank, Chunk& c) {
  const int cx = rank % d.chunks_x, cy = rank / d.chunks_x;
  c.left_cell = 1;
  for (int i = 0; i < cx; ++i) c.left_cell += chunk_cells_x(d, x_cells, i);
  c.bottom_cell = 1;
  for (int i = 0; i < cy; ++i) c.bottom_cell += chunk_cells_y(d, y_cells, i);
  c.neighbour[left] = cx > 0 ? rank - 1 : -1;
  c.neighbour[right] = cx < d.chunks_x - 1 ? rank + 1 : -1;
  c.neighbour[bottom] = cy > 0 ? rank - d.chunks_x : -1;
  c.neighbour[top] = cy < d.chunks_y - 1 ? rank + d.chunks_x : -1;
}

namespace comm {

#ifdef VCB_CLOVER_MPI
namespace {

int peer(int r) { return r < 0 ? MPI_PROC_NULL : r; }

// One direction: low side sends its first interior lines, high side its last ones.
void swap_lines(Chunk& c, const std::vector<Exchanged>& fields, int depth, bool in_x) {
  const int lines = in_x ? c.ny + 5 : c.nx + 5;  // whole columns (x) or whole rows (y)
  const size_t count = fields.size() * depth * lines;
  std::vector<double> send_lo(count), send_hi(count), recv_lo(count), recv_hi(count);
  const int n = in_x ? c.nx : c.ny;
  auto at = [&](Field& f, int across, int along) -> double& { return in_x ? f(across, along) : f(along, across); };
  size_t p = 0;
  for (const auto& e : fields) {
    const int inc = in_x ? e.xinc : e.yinc;
    for (int i = 1; i <= depth; ++i)
      for (int l = -1; l < lines - 1; ++l, ++p) {
        send_lo[p] = at(*e.field, inc + i, l);
        send_hi[p] = at(*e.field, n + 1 - i, l);
      }
  }
  const int lo = peer(c.neighbour[in_x ? left : bottom]);
  const int hi = peer(c.neighbour[in_x ? right : top]);
  const int n_msg = static_cast<int>(count);
  MPI_Sendrecv(send_lo.data(), n_msg, MPI_DOUBLE, lo, 1, recv_hi.data(), n_msg, MPI_DOUBLE, hi, 1, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
  MPI_Sendrecv(send_hi.data(), n_msg, MPI_DOUBLE, hi, 2, recv_lo.data(), n_msg, MPI_DOUBLE, lo, 2, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
  p = 0;
  for (const auto& e : fields) {
    const int inc = in_x ? e.xinc : e.yinc;
    for (int i = 1; i <= depth; ++i)
      for (int l = -1; l < lines - 1; ++l, ++p) {
        if (lo != MPI_PROC_NULL) at(*e.field, 1 - i, l) = recv_lo[p];
        if (hi != MPI_PROC_NULL) at(*e.field, n + inc + i, l) = recv_hi[p];
      }
  }
}

}  // namespace

void init(int* argc, char*** argv) {
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
}
void finalize() { MPI_Finalize(); }
int rank() { int r = 0; MPI_Comm_rank(MPI_COMM_WORLD, &r); return r; }
int size() { int s = 1; MPI_Comm_size(MPI_COMM_WORLD, &s); return s; }
double min_all(double v) {
  double out = v;
  MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
  return out;
}
FieldSums sum_all(const FieldSums& s) {
  double in[5] = {s.vol, s.mass, s.ie, s.ke, s.press}, out[5];
  MPI_Allreduce(in, out, 5, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return {out[0], out[1], out[2], out[3], out[4]};
}
bool all_true(bool v) {
  int in = v ? 1 : 0, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return out == 1;
}
void barrier() { MPI_Barrier(MPI_COMM_WORLD); }
void exchange(Chunk& c, const std::vector<Exchanged>& fields, int depth) {
  if (c.neighbour[left] >= 0 || c.neighbour[right] >= 0) swap_lines(c, fields, depth, true);
  if (c.neighbour[bottom] >= 0 || c.neighbour[top] >= 0) swap_lines(c, fields, depth, false);
}
#else
void init(int*, char***) {}
void finalize() {}
int rank() { return 0; }
int size() { return 1; }
double min_all(double v) { return v; }
FieldSums sum_all(const FieldSums& s) { return s; }
bool all_true(bool v) { return v; }
void barrier() {}
void exchange(Chunk&, const std::vector<Exchanged>&, int) {}
#endif

}  // namespace comm
}  // namespace clover

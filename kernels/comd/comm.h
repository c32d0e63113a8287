#pragma once
// The process grid and the few collective operations the proxy needs. Built with MPI when
// VCB_COMD_MPI is defined; otherwise a single process whose every neighbour is itself.
#include <array>
#include <vector>

namespace comd {

class Comm {
 public:
  // Call once at start/end of main (MPI_Init/Finalize when built with MPI).
  static void init(int& argc, char**& argv);
  static void finalize();
  static int world_rank();
  static int world_size();

  // Lays `procs` ranks out as CoMD does: rank r sits at (r % px, (r / px) % py, r / (px * py)).
  explicit Comm(std::array<int, 3> procs);
  const std::array<int, 3>& procs() const { return procs_; }
  const std::array<int, 3>& coord() const { return coord_; }
  int rank() const { return rank_; }
  int size() const { return size_; }

  // Neighbour rank across face `dir` (-1 or +1) of `axis`, periodic.
  int neighbour(int axis, int dir) const;
  // Sends `out` to `dest`, receives from `src` into `in` (resized). Self-sends are copies.
  void sendrecv(const std::vector<char>& out, int dest, std::vector<char>& in, int src) const;
  void sum(double* values, int n) const;
  long long sum(long long value) const;
  double max(double value) const;
  void barrier() const;

 private:
  std::array<int, 3> procs_{1, 1, 1};
  std::array<int, 3> coord_{0, 0, 0};
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace comd

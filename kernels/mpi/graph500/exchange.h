#pragma once
// All-to-all personalized exchange of fixed-size records: fill one outbox per destination rank,
// run() moves them with MPI_Alltoall (counts) + MPI_Alltoallv (data) and returns what arrived,
// grouped by source rank in rank order (so replies can be sent back in the same order).
// Counts are in records (one contiguous MPI datatype per record), limited to INT_MAX per call.
#include <mpi.h>

#include <climits>
#include <cstdio>
#include <vector>

namespace vcb::g500 {

template <class T>
class Exchange {
 public:
  explicit Exchange(MPI_Comm comm = MPI_COMM_WORLD) : comm_(comm) {
    MPI_Comm_size(comm_, &ranks_);
    MPI_Type_contiguous(static_cast<int>(sizeof(T)), MPI_BYTE, &type_);
    MPI_Type_commit(&type_);
    out_.resize(ranks_);
    send_counts_.resize(ranks_);
    send_displs_.resize(ranks_);
    recv_counts_.resize(ranks_);
    recv_displs_.resize(ranks_);
  }
  ~Exchange() { MPI_Type_free(&type_); }
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  int ranks() const { return ranks_; }
  std::vector<T>& to(int rank) { return out_[rank]; }

  // Collective. Empties every outbox; the returned buffer is valid until the next run().
  const std::vector<T>& run() {
    long long total = 0;
    for (int r = 0; r < ranks_; ++r) {
      send_counts_[r] = checked(out_[r].size());
      send_displs_[r] = checked(total);
      total += out_[r].size();
    }
    send_.clear();
    send_.reserve(total);
    for (auto& box : out_) {
      send_.insert(send_.end(), box.begin(), box.end());
      box.clear();
    }
    MPI_Alltoall(send_counts_.data(), 1, MPI_INT, recv_counts_.data(), 1, MPI_INT, comm_);
    long long incoming = 0;
    for (int r = 0; r < ranks_; ++r) {
      recv_displs_[r] = checked(incoming);
      incoming += recv_counts_[r];
    }
    recv_.resize(incoming);
    MPI_Alltoallv(send_.data(), send_counts_.data(), send_displs_.data(), type_, recv_.data(), recv_counts_.data(),
                  recv_displs_.data(), type_, comm_);
    return recv_;
  }

  // Where the records from `source` sit in the last run()'s result.
  int from_offset(int source) const { return recv_displs_[source]; }
  int from_count(int source) const { return recv_counts_[source]; }

 private:
  static int checked(long long n) {
    if (n > INT_MAX) {
      std::fprintf(stderr, "vcb-graph500: an exchange exceeds INT_MAX records; use more ranks\n");
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return static_cast<int>(n);
  }

  MPI_Comm comm_;
  int ranks_ = 1;
  MPI_Datatype type_;
  std::vector<std::vector<T>> out_;
  std::vector<T> send_, recv_;
  std::vector<int> send_counts_, send_displs_, recv_counts_, recv_displs_;
};

}  // namespace vcb::g500

#include "conj_grad.h"

#include <mpi.h>

#include <algorithm>
#include <cmath>

#include "cg_classes.h"

namespace npb_cg {

Layout make_layout(int n, int ranks) {
  Layout l{std::vector<int>(ranks), std::vector<int>(ranks)};
  int at = 0;
  for (int r = 0; r < ranks; ++r) {
    l.counts[r] = n / ranks + (r < n % ranks ? 1 : 0);
    l.displs[r] = at;
    at += l.counts[r];
  }
  return l;
}

void sum_all(double* values, int n) { MPI_Allreduce(MPI_IN_PLACE, values, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); }

ConjGrad::ConjGrad(const LocalMatrix& a, const Layout& layout, int n)
    : a_(a), layout_(layout), first_(a.rows.first), count_(a.rows.count), p_full_(n), q_(count_), r_(count_) {}

void ConjGrad::multiply(const std::vector<double>& full, std::vector<double>& out) const {
  for (int row = 0; row < count_; ++row) {
    double sum = 0.0;
    for (int64_t k = a_.row_start[row]; k < a_.row_start[row + 1]; ++k) sum += a_.val[k] * full[a_.col[k]];
    out[row] = sum;
  }
}

void ConjGrad::gather(std::vector<double>& full) const {
  MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, full.data(), layout_.counts.data(), layout_.displs.data(),
                 MPI_DOUBLE, MPI_COMM_WORLD);
}

double ConjGrad::dot(const std::vector<double>& a, const std::vector<double>& b) const {
  double sum = 0.0;
  for (int j = 0; j < count_; ++j) sum += a[j] * b[j];
  sum_all(&sum, 1);
  return sum;
}

double ConjGrad::solve(const std::vector<double>& x, std::vector<double>& z) {
  double* p = p_full_.data() + first_;  // my slice of the search direction
  for (int j = 0; j < count_; ++j) {
    q_[j] = 0.0;
    z[j] = 0.0;
    r_[j] = x[j];
    p[j] = r_[j];
  }
  double rho = dot(r_, r_);
  for (int step = 0; step < kCgSteps; ++step) {
    gather(p_full_);
    multiply(p_full_, q_);
    double d = 0.0;
    for (int j = 0; j < count_; ++j) d += p[j] * q_[j];
    sum_all(&d, 1);
    const double alpha = rho / d;
    const double rho0 = rho;
    for (int j = 0; j < count_; ++j) {
      z[j] = z[j] + alpha * p[j];
      r_[j] = r_[j] - alpha * q_[j];
    }
    rho = dot(r_, r_);
    const double beta = rho / rho0;
    for (int j = 0; j < count_; ++j) p[j] = r_[j] + beta * p[j];
  }

  // Explicit residual ||x - A z||, with z assembled in full in the direction buffer.
  std::copy(z.begin(), z.end(), p);
  gather(p_full_);
  multiply(p_full_, r_);
  double sum = 0.0;
  for (int j = 0; j < count_; ++j) {
    const double d = x[j] - r_[j];
    sum += d * d;
  }
  sum_all(&sum, 1);
  return std::sqrt(sum);
}

}  // namespace npb_cg

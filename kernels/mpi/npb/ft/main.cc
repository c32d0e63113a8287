// vcb-npb_ft: NAS Parallel Benchmarks FT (class S, W, A or B) under MPI. Solves a 3-D heat
// equation spectrally: one forward 3-D FFT of NPB's random field, then per time step a
// multiplication by the evolution factors, an inverse 3-D FFT and a checksum, each checksum
// checked against the official value (relative error <= 1e-12).
//   mpirun -np P vcb-npb_ft [--class S|W|A|B] [--ranks P] [--perturb REL]
// P must be a power of two dividing ny and nz: the grid is cut into z-slabs for the x and y
// transforms and into y-slabs for the z transform, with one MPI_Alltoall between them. Own
// radix-2 Stockham FFT. --perturb REL scales the initial field by (1 + REL), which scales every
// checksum by the same factor: a test's way to see verification fail.
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ft_class.h"
#include "slab_fft.h"
#include "spectral.h"
#include "vcb/mpi_world.h"

namespace {

using namespace vcb::npb_ft;

bool power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

std::string valid_rank_counts(int max) {
  std::string out;
  for (int p = 1; p <= max; p *= 2) out += (out.empty() ? "" : ", ") + std::to_string(p);
  return out;
}

double parse_perturb(const vcb::Kernel& k, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(v))
    k.usage_error("--perturb wants a relative change such as 1e-9, got '" + text + "'");
  return v;
}

// NPB FT's operation count (ft.f): N (14.8157 + 7.19641 ln N + (5.23518 + 7.21113 ln N) niter).
double mops(const FtClass& c, double seconds) {
  const double n = static_cast<double>(c.nx) * c.ny * c.nz;
  return 1e-6 * n * (14.8157 + 7.19641 * std::log(n) + (5.23518 + 7.21113 * std::log(n)) * c.niter) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_ft", argc, argv);
  const std::string class_name = k.param("class", "S");
  const std::string perturb_text = k.option("perturb", "0");
  vcb::mpi::check_ranks(k, w);
  k.begin();

  const FtClass* cls = find_class(class_name);
  if (!cls) k.usage_error("unknown --class '" + class_name + "'; valid classes: " + kValidClasses);
  const double perturb = parse_perturb(k, perturb_text);
  const int max_ranks = std::min(cls->ny, cls->nz);
  if (!power_of_two(w.size) || w.size > max_ranks)
    k.usage_error("class " + class_name + " needs a power-of-two rank count that divides ny=" + std::to_string(cls->ny) +
                  " and nz=" + std::to_string(cls->nz) + " (" + valid_rank_counts(max_ranks) + "), got " +
                  std::to_string(w.size));

  SlabFft3d fft(cls->nx, cls->ny, cls->nz, w.rank, w.size);
  const long local = fft.local_size();
  std::vector<Complex> u0(local), u1(local), u2(local);
  std::vector<double> twiddle(local);
  const double scale = 1.0 + perturb;

  // Untimed warm-up, as NPB: the whole set-up and one forward transform, touching every array.
  evolution_factors(fft, twiddle.data());
  initial_conditions(fft, u1.data(), scale);
  fft.init();
  fft.forward(u1.data(), u0.data());

  // Timed: everything again from the start ("all operations must be timed" in NPB FT).
  std::vector<Complex> sums(cls->niter);
  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = MPI_Wtime();
  evolution_factors(fft, twiddle.data());
  initial_conditions(fft, u1.data(), scale);
  fft.init();
  fft.forward(u1.data(), u0.data());
  for (int it = 0; it < cls->niter; ++it) {
    evolve(u0.data(), u1.data(), twiddle.data(), local);
    fft.inverse(u1.data(), u2.data());
    sums[it] = checksum(fft, u2.data());
  }
  std::vector<double> errors(cls->niter);
  bool ok = true;
  for (int it = 0; it < cls->niter; ++it) {
    errors[it] = std::abs((sums[it] - cls->checksums[it]) / cls->checksums[it]);
    ok = ok && errors[it] <= kTolerance;  // false on NaN too
  }
  const double seconds = vcb::mpi::max_all(MPI_Wtime() - t0);
  const bool passed = vcb::mpi::all_true(ok);
  const double rate = mops(*cls, seconds);

  if (w.root()) {
    const std::string size = std::to_string(cls->nx) + "x" + std::to_string(cls->ny) + "x" + std::to_string(cls->nz);
    const double worst = *std::max_element(errors.begin(), errors.end());
    std::printf("\n NAS Parallel Benchmarks (vcbench MPI) - FT Benchmark\n\n");
    std::printf(" Size                : %s  (class %s)\n", size.c_str(), cls->name);
    std::printf(" Iterations          : %d\n", cls->niter);
    std::printf(" Number of processes : %d\n", w.size);
    std::printf(" Layout              : 1D slabs (z-slabs for x,y FFTs, y-slabs for z FFTs, %d planes per rank)\n",
                fft.nzl());
    if (perturb != 0.0) std::printf(" Initial field perturbed by a factor 1%+g\n", perturb);
    std::printf("\n");
    for (int it = 0; it < cls->niter; ++it)
      std::printf(" T = %4d   Checksum = %22.12E %22.12E   reference %22.12E %22.12E   rel. error %.3e\n", it + 1,
                  sums[it].real(), sums[it].imag(), cls->checksums[it].real(), cls->checksums[it].imag(), errors[it]);
    std::printf("\n Class           = %24s\n", cls->name);
    std::printf(" Size            = %24s\n", size.c_str());
    std::printf(" Iterations      = %24d\n", cls->niter);
    std::printf(" Time in seconds = %24.6f\n", seconds);
    std::printf(" Total processes = %24d\n", w.size);
    std::printf(" Mop/s total     = %24.2f\n", rate);
    std::printf(" Mop/s/process   = %24.2f\n", rate / w.size);
    std::printf(" Verification = %s (max checksum relative error %.3e, tolerance %.0e)\n\n",
                passed ? "SUCCESSFUL" : "UNSUCCESSFUL", worst, kTolerance);
    std::fflush(stdout);

    nlohmann::json checks = nlohmann::json::array();
    int first_bad = 0;
    for (int it = 0; it < cls->niter; ++it) {
      checks.push_back({{"iteration", it + 1},
                        {"computed", {sums[it].real(), sums[it].imag()}},
                        {"reference", {cls->checksums[it].real(), cls->checksums[it].imag()}},
                        {"relative_error", errors[it]}});
      if (!first_bad && !(errors[it] <= kTolerance)) first_bad = it + 1;
    }
    char line[240];
    if (ok)
      std::snprintf(line, sizeof line, "all %d checksums within %.0e of the NPB reference (max relative error %.3e)",
                    cls->niter, kTolerance, worst);
    else
      std::snprintf(line, sizeof line, "checksum %d (%.12e, %.12e) off the reference by %.3e > %.0e (max %.3e)",
                    first_bad, sums[first_bad - 1].real(), sums[first_bad - 1].imag(), errors[first_bad - 1],
                    kTolerance, worst);
    nlohmann::json detail = {{"checksums", checks},
                             {"max_relative_error", worst},
                             {"tolerance", kTolerance},
                             {"time_s", seconds},
                             {"size", size},
                             {"iterations", cls->niter},
                             {"layout", "1D slabs: z-slabs for x,y FFTs, MPI_Alltoall transpose, y-slabs for z FFTs"}};
    if (perturb != 0.0) detail["perturb"] = perturb;
    k.emit({.params = {{"size", size}},
            .metric = "mops",
            .unit = "Mop/s",
            .better = vcb::Better::higher,
            .series = vcb::mpi::single_run(k.plan(), seconds),
            .values = {rate},
            .detail = detail,
            .passed = passed,
            .validation = line});
  }
  return vcb::mpi::finish(k, w, passed);
}

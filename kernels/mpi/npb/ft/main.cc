// vcb-npb_ft: NAS Parallel Benchmarks FT (class S, W, A or B) under MPI. Solves a 3-D heat
// equation spectrally: one forward 3-D FFT of NPB's random field, then per time step a
// multiplication by the evolution factors, an inverse 3-D FFT and a checksum, each checksum
// checked against the official value (relative error <= 1e-12).
//   mpirun -np P vcb-npb_ft [--class S|W|A|B] [--ranks P] [--perturb REL]
// P must be a power of two dividing ny and nz: the grid is cut into z-slabs for the x and y
// transforms and into y-slabs for the z transform, with one MPI_Alltoall between them. Own
// radix-2 Stockham FFT. --perturb REL scales the initial field by (1 + REL), which scales every
// checksum by the same factor: a test's way to see verification fail.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "ft_class.h"
#include "slab_fft.h"
#include "spectral.h"
#include "vcb/mpi_world.h"
#include "vcb/npb/flags.h"
#include "vcb/npb/rank_counts.h"
#include "vcb/npb/record.h"
#include "vcb/npb/stopwatch.h"
#include "vcb/npb/summary.h"

namespace {

using namespace vcb::npb_ft;

// NPB FT's operation count (ft.f): N (14.8157 + 7.19641 ln N + (5.23518 + 7.21113 ln N) niter).
double mops(const FtClass& c, double seconds) {
  const double n = static_cast<double>(c.nx) * c.ny * c.nz;
  return 1e-6 * n * (14.8157 + 7.19641 * std::log(n) + (5.23518 + 7.21113 * std::log(n)) * c.niter()) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const vcb::mpi::World w = vcb::mpi::init(&argc, &argv);
  vcb::Kernel k("npb_ft", argc, argv);
  const auto [cls, perturb] = vcb::npb::begin(k, w, classes(), "1e-9");
  const int niter = cls.niter();
  vcb::npb::require_power_of_two_up_to(
      k, w.size, std::min(cls.ny, cls.nz), std::string("class ") + cls.name,
      "that divides ny=" + std::to_string(cls.ny) + " and nz=" + std::to_string(cls.nz));

  SlabFft3d fft(cls.nx, cls.ny, cls.nz, w.rank, w.size);
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
  std::vector<Complex> sums(niter);
  const vcb::npb::Stopwatch clock;
  evolution_factors(fft, twiddle.data());
  initial_conditions(fft, u1.data(), scale);
  fft.init();
  fft.forward(u1.data(), u0.data());
  for (int it = 0; it < niter; ++it) {
    evolve(u0.data(), u1.data(), twiddle.data(), local);
    fft.inverse(u1.data(), u2.data());
    sums[it] = checksum(fft, u2.data());
  }
  std::vector<double> errors(niter);
  bool ok = true;
  for (int it = 0; it < niter; ++it) {
    errors[it] = std::abs((sums[it] - cls.checksums[it]) / cls.checksums[it]);
    ok = ok && errors[it] <= kTolerance;  // false on NaN too
  }
  const double seconds = clock.seconds();
  const bool passed = vcb::mpi::all_true(ok);
  const vcb::npb::Outcome outcome{seconds, mops(cls, seconds), passed};

  if (w.root()) {
    const std::string size = std::to_string(cls.nx) + "x" + std::to_string(cls.ny) + "x" + std::to_string(cls.nz);
    const double worst = *std::max_element(errors.begin(), errors.end());
    vcb::npb::print_banner("FT");
    std::printf(" Size                : %s  (class %c)\n", size.c_str(), cls.name);
    std::printf(" Iterations          : %d\n", niter);
    std::printf(" Number of processes : %d\n", w.size);
    std::printf(" Layout              : 1D slabs (z-slabs for x,y FFTs, y-slabs for z FFTs, %d planes per rank)\n",
                fft.nzl());
    if (perturb != 0.0) std::printf(" Initial field perturbed by a factor 1%+g\n", perturb);
    std::printf("\n");
    for (int it = 0; it < niter; ++it)
      std::printf(" T = %4d   Checksum = %22.12E %22.12E   reference %22.12E %22.12E   rel. error %.3e\n", it + 1,
                  sums[it].real(), sums[it].imag(), cls.checksums[it].real(), cls.checksums[it].imag(), errors[it]);
    char measure[80];
    std::snprintf(measure, sizeof measure, "max checksum relative error %.3e, tolerance %.0e", worst, kTolerance);
    vcb::npb::print_results({cls.name, size, niter, w.size}, outcome, measure);

    nlohmann::json checks = nlohmann::json::array();
    int first_bad = 0;
    for (int it = 0; it < niter; ++it) {
      checks.push_back({{"iteration", it + 1},
                        {"computed", {sums[it].real(), sums[it].imag()}},
                        {"reference", {cls.checksums[it].real(), cls.checksums[it].imag()}},
                        {"relative_error", errors[it]}});
      if (!first_bad && !(errors[it] <= kTolerance)) first_bad = it + 1;
    }
    char line[240];
    if (ok)
      std::snprintf(line, sizeof line, "all %d checksums within %.0e of the NPB reference (max relative error %.3e)",
                    niter, kTolerance, worst);
    else
      std::snprintf(line, sizeof line, "checksum %d (%.12e, %.12e) off the reference by %.3e > %.0e (max %.3e)",
                    first_bad, sums[first_bad - 1].real(), sums[first_bad - 1].imag(), errors[first_bad - 1],
                    kTolerance, worst);
    nlohmann::json detail = {{"checksums", checks},
                             {"max_relative_error", worst},
                             {"tolerance", kTolerance},
                             {"size", size},
                             {"iterations", niter},
                             {"layout", "1D slabs: z-slabs for x,y FFTs, MPI_Alltoall transpose, y-slabs for z FFTs"}};
    if (perturb != 0.0) detail["perturb"] = perturb;
    vcb::npb::emit_mops(k, outcome, detail, line, {{"size", size}});
  }
  return vcb::mpi::finish(k, w, passed);
}

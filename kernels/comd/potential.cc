#include "potential.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace comd {

Table Table::make(const std::vector<double>& data, double dx) {
  Table t;
  t.n = static_cast<int>(data.size());
  t.inv_dx = 1.0 / dx;
  t.values.assign(data.size() + 4, data.back());  // the guards after the table repeat the last point
  std::copy(data.begin(), data.end(), t.values.begin() + 1);
  t.values[0] = data.front();
  const double* tt = t.values.data() + 1;
  t.coef.resize(4 * static_cast<size_t>(t.n + 1));
  for (int ii = 0; ii <= t.n; ++ii) {
    const double g1 = tt[ii + 1] - tt[ii - 1], g2 = tt[ii + 2] - tt[ii];
    const double k[4] = {tt[ii], g1, tt[ii + 1] + tt[ii - 1] - 2.0 * tt[ii], g2 - g1};
    std::copy(k, k + 4, t.coef.begin() + 4 * ii);
  }
  return t;
}

void Table::interpolate(double r, double& f, double& df) const {
  int ii;
  double frac;
  if (!locate(r, ii, frac)) {  // beyond the table: CoMD pins to the last point (with r = n dx, sic)
    ii = n;
    const double pinned = n / inv_dx;
    frac = pinned - std::floor(pinned);
  }
  eval(ii, frac, f, df);
}

Potential lennard_jones_copper() {
  Potential p;
  p.kind = PotentialKind::lj;
  p.name = "Cu";
  p.sigma = 2.315;
  p.epsilon = 0.167;
  p.cutoff = 2.5 * p.sigma;
  p.mass = 63.55 * kAmuToInternalMass;
  p.lattice = 3.615;
  return p;
}

namespace {

bool read_values(std::istream& in, int n, std::vector<double>& out) {
  out.resize(n);
  for (int i = 0; i < n; ++i)
    if (!(in >> out[i])) return false;
  return true;
}

// phi(0) is undefined in both formats; CoMD extrapolates linearly from points 1 and 2.
void extrapolate_origin(std::vector<double>& buf) { buf[0] = buf[1] + (buf[1] - buf[2]); }

bool header_ok(int n_rho, int n_r, double d_rho, double d_r, double cutoff) {
  return n_rho >= 3 && n_r >= 3 && d_rho > 0 && d_r > 0 && cutoff > 0;
}

}  // namespace

bool read_funcfl(const std::string& path, Potential& out, std::string& error) {
  std::ifstream in(path);
  if (!in) return error = "cannot open EAM funcfl table '" + path + "'", false;
  std::string line;
  std::getline(in, line);
  std::istringstream(line) >> out.name;
  int atomic = 0, n_rho = 0, n_r = 0;
  double mass = 0, lat = 0, d_rho = 0, d_r = 0, cutoff = 0;
  std::string lattice_type;
  std::getline(in, line);
  std::istringstream(line) >> atomic >> mass >> lat >> lattice_type;
  std::getline(in, line);
  std::istringstream(line) >> n_rho >> d_rho >> n_r >> d_r >> cutoff;
  if (!header_ok(n_rho, n_r, d_rho, d_r, cutoff) || mass <= 0 || lat <= 0)
    return error = "'" + path +
                   "' does not start like a funcfl table (name; Z mass lat type; nRho dRho nR dR cutoff)",
           false;
  std::vector<double> f, z, rho;
  if (!read_values(in, n_rho, f) || !read_values(in, n_r, z) || !read_values(in, n_r, rho))
    return error = "'" + path + "' ends before its F, Z and rho tables are complete", false;
  for (int i = 1; i < n_r; ++i) {  // phi = Z^2 / r, Z in atomic units -> eV
    const double r = 0.0 + i * d_r;
    z[i] *= z[i] / r;
    z[i] *= kHartreeToEv * kBohrToAngs;
  }
  extrapolate_origin(z);
  out.kind = PotentialKind::eam_funcfl;
  out.file = path;
  out.cutoff = cutoff;
  out.mass = mass * kAmuToInternalMass;
  out.lattice = lat;
  out.embed = Table::make(f, d_rho);
  out.phi = Table::make(z, d_r);
  out.rho = Table::make(rho, d_r);
  out.n_rho = n_rho;
  out.n_r = n_r;
  return true;
}

bool read_setfl(const std::string& path, Potential& out, std::string& error) {
  std::ifstream in(path);
  if (!in) return error = "cannot open EAM setfl table '" + path + "'", false;
  std::string line;
  std::getline(in, line);
  std::istringstream(line) >> out.name;
  std::getline(in, line);
  std::getline(in, line);
  std::getline(in, line);
  int n_elements = 0;
  std::istringstream(line) >> n_elements;
  if (n_elements != 1) return error = "'" + path + "': only one-element setfl tables are supported", false;
  int n_rho = 0, n_r = 0, atomic = 0;
  double d_rho = 0, d_r = 0, cutoff = 0, mass = 0, lat = 0;
  std::getline(in, line);
  std::istringstream(line) >> n_rho >> d_rho >> n_r >> d_r >> cutoff;
  std::string lattice_type;
  std::getline(in, line);
  std::istringstream(line) >> atomic >> mass >> lat >> lattice_type;
  if (!header_ok(n_rho, n_r, d_rho, d_r, cutoff) || mass <= 0 || lat <= 0)
    return error = "'" + path + "' does not look like a setfl table (line 5: nRho dRho nR dR cutoff)", false;
  std::vector<double> f, rho, rphi;
  if (!read_values(in, n_rho, f) || !read_values(in, n_r, rho) || !read_values(in, n_r, rphi))
    return error = "'" + path + "' ends before its F, rho and r*phi tables are complete", false;
  for (int i = 1; i < n_r; ++i) rphi[i] /= 0.0 + i * d_r;
  extrapolate_origin(rphi);
  out.kind = PotentialKind::eam_setfl;
  out.file = path;
  out.cutoff = cutoff;
  out.mass = mass * kAmuToInternalMass;
  out.lattice = lat;
  out.embed = Table::make(f, d_rho);
  out.rho = Table::make(rho, d_r);
  out.phi = Table::make(rphi, d_r);
  out.n_rho = n_rho;
  out.n_r = n_r;
  return true;
}

}  // namespace comd

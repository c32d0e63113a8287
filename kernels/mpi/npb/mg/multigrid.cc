#include "multigrid.h"

#include "mg_class.h"

namespace vcb::npb_mg {

Multigrid::Multigrid(int n, const std::array<double, 4>& c, const Ranks& w) : c_(c) {
  std::vector<int> sizes;
  for (int m = n; m >= 2; m /= 2) sizes.insert(sizes.begin(), m);
  for (int m : sizes) {
    levels_.push_back(make_level(m, w));
    u_.emplace_back(levels_.back().size(), 0.0);
    r_.emplace_back(levels_.back().size(), 0.0);
  }
  v_.assign(finest().size(), 0.0);
}

int Multigrid::spread_levels() const {
  int count = 0;
  for (const Level& l : levels_) count += l.spread ? 1 : 0;
  return count;
}

Charges Multigrid::reset(double scale) {
  zero(finest(), u_.back().data());
  return place_charges(finest(), v_.data(), scale);
}

void Multigrid::residual() {
  npb_mg::residual(finest(), u_.back().data(), v_.data(), r_.back().data(), kOperator);
}

Norms Multigrid::residual_norms() const { return norms(finest(), r_.back().data()); }

void Multigrid::restrict_level(int k) {
  const Level& fine = levels_[k];
  const Level& coarse = levels_[k - 1];
  if (fine.spread && !coarse.spread) {
    // The first level held whole: assemble the fine residual everywhere, then restrict locally.
    if (gathered_.n != fine.n) {
      gathered_ = whole_level(fine.n);
      gathered_r_.assign(gathered_.size(), 0.0);
    }
    gather_whole(fine, r_[k].data(), gathered_, gathered_r_.data());
    restrict_residual(gathered_, gathered_r_.data(), coarse, r_[k - 1].data());
    return;
  }
  restrict_residual(fine, r_[k].data(), coarse, r_[k - 1].data());
}

void Multigrid::vcycle() {
  const int top = levels() - 1;
  for (int k = top; k >= 1; --k) restrict_level(k);

  zero(levels_[0], u_[0].data());
  smooth(levels_[0], r_[0].data(), u_[0].data(), c_);

  for (int k = 1; k < top; ++k) {
    zero(levels_[k], u_[k].data());
    prolong_add(levels_[k - 1], u_[k - 1].data(), levels_[k], u_[k].data());
    npb_mg::residual(levels_[k], u_[k].data(), r_[k].data(), r_[k].data(), kOperator);
    smooth(levels_[k], r_[k].data(), u_[k].data(), c_);
  }

  prolong_add(levels_[top - 1], u_[top - 1].data(), levels_[top], u_[top].data());
  residual();
  smooth(levels_[top], r_[top].data(), u_[top].data(), c_);
}

}  // namespace vcb::npb_mg

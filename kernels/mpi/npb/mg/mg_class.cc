#include "mg_class.h"

namespace vcb::npb_mg {
namespace {

constexpr std::array<double, 4> kSmootherA = {-3.0 / 8.0, 1.0 / 32.0, -1.0 / 64.0, 0.0};
constexpr std::array<double, 4> kSmootherB = {-3.0 / 17.0, 1.0 / 33.0, -1.0 / 61.0, 0.0};

constexpr MgClass kClasses[] = {
    {"S", 32, 4, 0.5307707005734e-04, kSmootherA},
    {"W", 128, 4, 0.6467329375339e-05, kSmootherA},
    {"A", 256, 4, 0.2433365309069e-05, kSmootherA},
    {"B", 256, 20, 0.1800564401355e-05, kSmootherB},
};

}  // namespace

const MgClass* find_class(const std::string& name) {
  for (const MgClass& c : kClasses)
    if (name == c.name) return &c;
  return nullptr;
}

}  // namespace vcb::npb_mg

// The acceleration probe: a tiny guest (only the agent) must boot and answer. /dev/kvm existing
// proves nothing (nested guests hang on some hosts), so KVM is used only after such a boot.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "kvm/initramfs.h"
#include "kvm/kvm_host.h"
#include "kvm/kvm_launcher.h"
#include "vcb/timer.h"

namespace vcb {
namespace fs = std::filesystem;
namespace {

double env_seconds(const char* name, double fallback) {
  const char* v = getenv(name);
  return v && *v ? std::atof(v) : fallback;
}

std::string qemu_version(const std::string& qemu) {
  ProcessOptions o;
  o.timeout_s = 10;
  const auto r = run_process({qemu, "--version"}, o);
  const auto at = r.out.find("version ");
  if (at == std::string::npos) return "qemu ?";
  const auto end = r.out.find_first_of(" \n", at + 8);
  return "qemu " + r.out.substr(at + 8, end - at - 8);
}

// Boots the agent-only initramfs with `accel`; the seconds to the agent's answer, or < 0.
double boot_tiny_guest(const std::string& dir, const std::string& kernel, const std::string& accel, double timeout_s,
                       std::string& error) {
  KvmSpec spec;
  spec.name = "vcb-probe-" + accel + "-h" + std::to_string(getpid());
  spec.accel = accel;
  spec.memory_mb = 256;
  spec.kernel = kernel;
  spec.initrd = dir + "/probe.cpio";
  spec.console_log = dir + "/console-" + accel + ".log";
  spec.agent_socket = dir + "/agent-" + accel + ".sock";
  spec.qmp_socket = dir + "/qmp-" + accel + ".sock";
  QemuGuest guest;
  const int64_t t0 = now_ns();
  if (!guest.launch(qemu_command(spec), dir + "/qemu-" + accel + ".log", error)) return -1;
  const bool ready = guest.wait_ready(spec.agent_socket, timeout_s, error);
  const double s = seconds_since(t0);
  guest.shutdown(5);
  return ready ? s : -1;
}

KvmProbe run_probe() {
  KvmProbe p;
  const std::string qemu = find_program("qemu-system-x86_64");
  if (qemu.empty()) return {false, "", "qemu-system-x86_64 is not installed", "apt-get install qemu-system-x86"};
  p.qemu_version = qemu_version(qemu);
  p.kernel = find_guest_kernel();
  if (p.kernel.empty() || access(p.kernel.c_str(), R_OK) != 0)
    return {false, "", "no readable guest kernel (/boot/vmlinuz-* or VCBENCH_KVM_KERNEL)",
            "apt-get install linux-image-amd64, or set VCBENCH_KVM_KERNEL=/path/to/bzImage"};
  std::string dir_template = "/tmp/vcb-kvm-" + std::to_string(getpid()) + "-probe-XXXXXX";
  if (!mkdtemp(dir_template.data())) return {false, "", "cannot create a folder under /tmp", "check /tmp"};
  const std::string dir = dir_template;
  if (auto cpio = write_initramfs("", agent_path(), dir + "/probe.cpio"); !cpio) {
    fs::remove_all(dir);
    return {false, "", cpio.error().message, "rebuild: cmake --build build"};
  }
  std::string error;
  p.kvm_reason = kvm_unusable_reason();
  if (p.kvm_reason.empty()) {
    p.boot_s = boot_tiny_guest(dir, p.kernel, "kvm", env_seconds("VCBENCH_KVM_PROBE_TIMEOUT", 20), error);
    if (p.boot_s >= 0) p.accel = "kvm";
    else p.kvm_reason = "/dev/kvm opens, but a guest under -accel kvm did not answer (" + error + ")";
  }
  if (p.accel.empty()) {
    p.boot_s = boot_tiny_guest(dir, p.kernel, "tcg", env_seconds("VCBENCH_TCG_PROBE_TIMEOUT", 90), error);
    if (p.boot_s >= 0) p.accel = "tcg";
  }
  fs::remove_all(dir);
  if (p.accel.empty()) return {false, "", "no guest booted (" + error + "); kvm: " + p.kvm_reason, "check " + p.kernel};
  p.ok = true;
  p.detail = p.qemu_version + ", accel " + p.accel + (p.accel == "tcg" ? " (KVM not usable: " + p.kvm_reason + ")" : "") +
             ", probe guest answered in " + std::to_string(p.boot_s).substr(0, 4) + " s, kernel " + p.kernel;
  return p;
}

}  // namespace

const KvmProbe& probe_kvm() {
  static const KvmProbe probe = run_probe();
  return probe;
}

}  // namespace vcb

"""Emulated nodes for multi-node MPI tests: network namespaces joined by a bridge, with addresses
that exist only inside them, and a remote-start agent that mpirun uses instead of ssh.

Layout for n nodes: namespace <prefix>sw holds bridge <prefix>br; node i is namespace <prefix>i with
veth <prefix>i (address 10.77.0.(i+1)/24) whose peer is a bridge port. The agent maps an address
to its namespace and runs the command there with its own hostname (UTS namespace), as sshd would,
and logs every call so a test can prove the ranks really went to the other "nodes". Namespaces are
entered with nsenter, not `ip netns exec`: that one remounts /sys, which hides the cgroup file
system from container engines started inside."""
import pathlib
import subprocess

SUBNET = "10.77.0"

AGENT = """#!/bin/sh
host="$1"; shift
case "$host" in
{cases}
  *) echo "nsagent: unknown host $host" >&2; exit 255 ;;
esac
echo "$host $*" >> {log}
exec nsenter --net=/run/netns/"$ns" unshare --uts sh -c "hostname $hn; $*"
"""


def sh(*argv):
    subprocess.run([str(a) for a in argv], check=True, capture_output=True, text=True)


class Cluster:
    def __init__(self, folder, nodes=3, prefix="vcbn"):
        self.folder = pathlib.Path(folder)
        self.prefix = prefix
        self.addresses = [f"{SUBNET}.{i + 1}" for i in range(nodes)]
        self.namespaces = [f"{prefix}{i}" for i in range(nodes)]
        self.switch = f"{prefix}sw"
        self.hostfile = self.folder / "hostfile"
        self.agent = self.folder / "nsagent"
        self.log = self.folder / "agent.log"

    def up(self):
        self.down()
        sh("ip", "netns", "add", self.switch)
        sh("ip", "-n", self.switch, "link", "add", f"{self.prefix}br", "type", "bridge")
        sh("ip", "-n", self.switch, "link", "set", f"{self.prefix}br", "up")
        for i, (ns, addr) in enumerate(zip(self.namespaces, self.addresses)):
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "add", f"{self.prefix}{i}", "netns", ns, "type", "veth", "peer", "name",
               f"{self.prefix}p{i}", "netns", self.switch)
            sh("ip", "-n", self.switch, "link", "set", f"{self.prefix}p{i}", "master", f"{self.prefix}br", "up")
            sh("ip", "-n", ns, "addr", "add", f"{addr}/24", "dev", f"{self.prefix}{i}")
            sh("ip", "-n", ns, "link", "set", f"{self.prefix}{i}", "up")
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        self.hostfile.write_text("".join(f"{a} slots=1\n" for a in self.addresses))
        cases = "".join(f"  {a}) ns={ns}; hn=node{i} ;;\n"
                        for i, (a, ns) in enumerate(zip(self.addresses, self.namespaces)))
        self.agent.write_text(AGENT.format(cases=cases, log=self.log))
        self.agent.chmod(0o755)
        return self

    def down(self):
        for ns in [*self.namespaces, self.switch]:
            subprocess.run(["ip", "netns", "delete", ns], capture_output=True)

    def mpirun_args(self):
        """mpirun words for this cluster: the agent instead of ssh, TCP on the cluster's subnet only,
        and no binding (every node's daemon thinks it owns the same two cores)."""
        return (f"--mca plm_rsh_agent {self.agent} --bind-to none --mca mpi_yield_when_idle 1 "
                f"--mca btl tcp,self --mca btl_tcp_if_include {SUBNET}.0/24 --mca oob_tcp_if_include {SUBNET}.0/24")

    def run_in_first_node(self, argv, **kwargs):
        """Runs argv in node 0's namespace: mpirun must start where it can reach every node."""
        return subprocess.run(["nsenter", f"--net=/run/netns/{self.namespaces[0]}", *map(str, argv)],
                              capture_output=True, text=True, **kwargs)

    def agent_hosts(self):
        if not self.log.exists():
            return set()
        return {line.split()[0] for line in self.log.read_text().splitlines() if line.strip()}

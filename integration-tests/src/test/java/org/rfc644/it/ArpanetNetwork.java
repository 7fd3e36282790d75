package org.rfc644.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/**
 * Three hosts on a private Docker network of their own, as docker-compose.yml sets them up but on
 * another subnet, so that both can run at once:
 * <ul>
 *   <li>HOST-A guards its mail sockets (the default policy) and accepts unauthenticated mail with
 *       a mark. Its mailer retries after 5 s instead of 1 min, so that the queue test stays short.
 *   <li>HOST-B guards its mail sockets, accepts unauthenticated mail with a mark, and lists HOST-C
 *       as distrusted for its readers.
 *   <li>HOST-C guards nothing (the open policy lets any user bind any socket) and refuses
 *       unauthenticated mail outright.
 * </ul>
 * The network is internal: the containers reach each other and nothing else.
 */
final class ArpanetNetwork implements AutoCloseable {

    static final String SUBNET = "10.45.0.0/24";
    static final String ADDRESS_A = "10.45.0.11";
    static final String ADDRESS_B = "10.45.0.12";
    static final String ADDRESS_C = "10.45.0.13";

    /** The port every daemon listens on for tunnels. */
    static final int TUNNEL_PORT = 1822;

    private static final Logger LOG = LoggerFactory.getLogger(ArpanetNetwork.class);

    private final Network network;
    private final ArpanetHost hostA;
    private final ArpanetHost hostB;
    private final ArpanetHost hostC;

    private ArpanetNetwork(String image) {
        removeLeftovers();
        network = Network.builder()
                .createNetworkCmdModifier(command -> command
                        .withInternal(true)
                        .withLabels(Map.of(ArpanetHost.LABEL, "forged-sender"))
                        .withIpam(new com.github.dockerjava.api.model.Network.Ipam()
                                .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config()
                                        .withSubnet(SUBNET))))
                .build();

        String table = hostTable(ADDRESS_A);
        hostA = new ArpanetHost(image, network, "HOST-A", ADDRESS_A, table, Map.of(
                "HOST_NAME", "HOST-A",
                "POLICY", "default",
                "UNAUTHENTICATED", "accept",
                "MAILER_OPTS", "--retry-base 5s --retry-max 10s"));
        hostB = new ArpanetHost(image, network, "HOST-B", ADDRESS_B, table, Map.of(
                "HOST_NAME", "HOST-B",
                "POLICY", "default",
                "UNAUTHENTICATED", "accept",
                "DISTRUSTED_HOSTS", "HOST-C"));
        hostC = new ArpanetHost(image, network, "HOST-C", ADDRESS_C, table, Map.of(
                "HOST_NAME", "HOST-C",
                "POLICY", "open",
                "UNAUTHENTICATED", "reject"));
    }

    /** Creates the network and starts the three hosts at once, and returns when all three are healthy. */
    static ArpanetNetwork start(String image) {
        ArpanetNetwork arpanet = new ArpanetNetwork(image);
        try {
            Startables.deepStart(Stream.of(arpanet.hostA.container(), arpanet.hostB.container(),
                    arpanet.hostC.container())).join();
        } catch (RuntimeException failed) {
            arpanet.close();
            throw failed;
        }
        return arpanet;
    }

    /**
     * Returns the host table of the network, with HOST-A at {@code addressOfHostA}: the true one
     * for the three hosts, another one for a container that impersonates HOST-A.
     */
    static String hostTable(String addressOfHostA) {
        return "# NUMBER NAME ADDRESS:PORT, written by the integration tests for subnet " + SUBNET + "\n"
                + "1 HOST-A " + addressOfHostA + ":" + TUNNEL_PORT + "\n"
                + "2 HOST-B " + ADDRESS_B + ":" + TUNNEL_PORT + "\n"
                + "3 HOST-C " + ADDRESS_C + ":" + TUNNEL_PORT + "\n";
    }

    Network network() {
        return network;
    }

    ArpanetHost hostA() {
        return hostA;
    }

    ArpanetHost hostB() {
        return hostB;
    }

    ArpanetHost hostC() {
        return hostC;
    }

    @Override
    public void close() {
        for (ArpanetHost host : List.of(hostA, hostB, hostC)) {
            try {
                host.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", host, e.toString());
            }
        }
        network.close();
    }

    /**
     * Removes the containers and networks that an earlier run left behind (Ryuk, which would
     * remove them, is disabled here), because a leftover network keeps the subnet in use.
     */
    private static void removeLeftovers() {
        DockerClient docker = DockerClientFactory.instance().client();
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ArpanetHost.LABEL, "forged-sender")).exec();
        for (Container container : containers) {
            LOG.info("removing container {} left by an earlier run", container.getId());
            docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        for (var leftover : docker.listNetworksCmd().withFilter("label", List.of(ArpanetHost.LABEL)).exec()) {
            LOG.info("removing network {} left by an earlier run", leftover.getName());
            docker.removeNetworkCmd(leftover.getId()).exec();
        }
    }
}

# The image of one emulated ARPANET host: the NCP daemon, the ftp-server and the mailer, each run
# as its own OS user by docker/entrypoint.sh, plus the commands people use (sndmsg, readmail, ncp).
#
# Build it from the Maven output (`mvn -q -DskipTests package` first):
#   docker build -t arpanet-host:local .
# Where no container registry can be reached, build the base from the local JDK and busybox:
#   docker/build-base-image.sh
#   docker build --build-arg BASE_IMAGE=arpanet-base:local -t arpanet-host:local .
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

ENV ARPANET_HOME=/opt/arpanet
ENV PATH=/opt/arpanet/bin:${PATH}

# Accounts and directories first: they change least often.
COPY docker/ /opt/arpanet/docker/
RUN sh /opt/arpanet/docker/create-users.sh /opt/arpanet/docker/users \
 && sh /opt/arpanet/docker/layout.sh /opt/arpanet/docker/users \
 && cp /opt/arpanet/docker/hosts /etc/arpanet/hosts \
 && cp /opt/arpanet/docker/policy.default /opt/arpanet/docker/policy.open /etc/arpanet/ \
 && chmod 0644 /etc/arpanet/hosts /etc/arpanet/policy.default /etc/arpanet/policy.open

# Each program module with its runtime classpath, where the launchers in bin/ look for them.
COPY ncp-daemon/target/*.jar /opt/arpanet/ncp-daemon/target/
COPY ncp-daemon/target/lib/ /opt/arpanet/ncp-daemon/target/lib/
COPY ftp-server/target/*.jar /opt/arpanet/ftp-server/target/
COPY ftp-server/target/lib/ /opt/arpanet/ftp-server/target/lib/
COPY mailer/target/*.jar /opt/arpanet/mailer/target/
COPY mailer/target/lib/ /opt/arpanet/mailer/target/lib/
COPY sndmsg/target/*.jar /opt/arpanet/sndmsg/target/
COPY sndmsg/target/lib/ /opt/arpanet/sndmsg/target/lib/
COPY bin/ /opt/arpanet/bin/
RUN chmod 0755 /opt/arpanet/bin/* /opt/arpanet/docker/*.sh

# Class data sharing archives of the programs, recorded by a short run of each, so that they
# start from mapped classes (bin/launch-java.sh). Without them the programs only start slower.
RUN sh /opt/arpanet/docker/record-class-sharing.sh

HEALTHCHECK --interval=15s --timeout=30s --start-period=120s --retries=3 \
  CMD ["/bin/sh", "/opt/arpanet/docker/healthcheck.sh"]
ENTRYPOINT ["/bin/sh", "/opt/arpanet/docker/entrypoint.sh"]

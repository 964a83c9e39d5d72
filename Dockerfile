# Tributary in a container: built with the README's build command, run on a slim JRE 17.
#   docker build -t tributary .
#   docker run --rm -p 4567:4567 -v tributary-data:/data tributary
# Every setting is an environment variable (TRIBUTARY_*, see --help); JAVA_TOOL_OPTIONS sets the heap.

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system tributary && useradd --system --gid tributary --home-dir /opt/tributary tributary \
    && mkdir -p /data /opt/tributary && chown tributary:tributary /data
COPY --from=build /src/http-api/target/tributary.jar /opt/tributary/tributary.jar
COPY scripts/docker-healthcheck.sh /opt/tributary/healthcheck.sh
ENV TRIBUTARY_PORT=4567 \
    TRIBUTARY_DATA_DIR=/data \
    TRIBUTARY_DURABILITY=fsync
USER tributary
VOLUME /data
EXPOSE 4567
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["bash", "/opt/tributary/healthcheck.sh"]
ENTRYPOINT ["java", "-jar", "/opt/tributary/tributary.jar", "--host", "0.0.0.0"]

# Sourced by infra/infra.sh, which sets ROOT_DIR, CACHE, LOGS, RUN, the ports and the helpers.
# shellcheck shell=bash
# --------------------------------------------------------------------- Kafka
kafka_jars() {
  local libs=$CACHE/kafka/libs pom=$ROOT_DIR/infra/kafka/pom.xml
  if [[ ! -f $libs/.complete || $pom -nt $libs/.complete ]]; then
    command -v mvn >/dev/null || fail "Maven is needed to fetch the Kafka jars"
    log "kafka: fetching Apache Kafka 3.9.1 jars from Maven Central"
    rm -rf "$libs"
    mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" \
      >"$LOGS/kafka-fetch.log" 2>&1 || fail "fetching the Kafka jars failed" "$LOGS/kafka-fetch.log"
    touch "$libs/.complete"
  fi
  echo "$libs"
}

kafka_config() {
  local dir=$CACHE/kafka certs=$ROOT_DIR/certs
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SSL://127.0.0.1:$KAFKA_SSL_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
ssl.keystore.type=PEM
ssl.keystore.location=$certs/broker-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$certs/ca.crt
ssl.client.auth=required
EOF
  cat >"$dir/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
  echo "$dir"
}

kafka_probe() { node "$ROOT_DIR/infra/probe.js" kafka "127.0.0.1:$KAFKA_PORT" "127.0.0.1:$KAFKA_SSL_PORT"; }

kafka_up() {
  local logfile=$LOGS/kafka.log libs dir cluster_id
  if pid_alive kafka || port_open "$KAFKA_PORT"; then
    log "kafka: reusing the broker on 127.0.0.1:$KAFKA_PORT"
    wait_until "kafka" "$logfile" kafka_probe
    return 0
  fi
  command -v java >/dev/null || fail "Java 17 is needed to run Kafka"
  bash "$ROOT_DIR/certs/generate.sh"
  libs=$(kafka_jars)
  dir=$(kafka_config)
  if [[ ! -f $dir/data/meta.properties ]]; then
    cluster_id=$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$libs/*" -Dlog4j.configuration="file:$dir/log4j.properties" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$dir/server.properties" >"$LOGS/kafka-format.log" 2>&1 \
      || fail "formatting the Kafka log dir failed" "$LOGS/kafka-format.log"
  fi
  nohup java "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$dir/log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties" >"$logfile" 2>&1 &
  echo $! >"$RUN/kafka.pid"
  wait_until "kafka" "$logfile" kafka_probe
  log "kafka: ready, PLAINTEXT 127.0.0.1:$KAFKA_PORT, SSL 127.0.0.1:$KAFKA_SSL_PORT"
}

kafka_down() { stop_pid kafka; }

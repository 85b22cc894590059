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

# The broker settings of one node. Single mode: node 1 alone (replication factor 1). Cluster mode
# (INFRA_KAFKA_BROKERS=3): three combined controller+broker nodes, node n on the single mode's
# ports + (n-1)*100, topics replicated to all three with two in sync needed to accept a write.
kafka_config() { # node, nodes
  local node=$1 nodes=$2 dir certs=$ROOT_DIR/certs plain ssl controller voters="" n replication min_isr
  dir=$(kafka_node_dir "$node" "$nodes")
  plain=$(kafka_node_port "$node" "$KAFKA_PORT") ssl=$(kafka_node_port "$node" "$KAFKA_SSL_PORT") controller=$(kafka_node_port "$node" "$KAFKA_CONTROLLER_PORT")
  for n in $(seq 1 "$nodes"); do voters+="${voters:+,}$n@127.0.0.1:$(kafka_node_port "$n" "$KAFKA_CONTROLLER_PORT")"; done
  replication=$((nodes >= 3 ? 3 : 1)) min_isr=$((nodes >= 3 ? 2 : 1))
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=$node
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$plain,SSL://127.0.0.1:$ssl,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$plain,SSL://127.0.0.1:$ssl
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=true
default.replication.factor=$replication
min.insync.replicas=$min_isr
unclean.leader.election.enable=false
offsets.topic.replication.factor=$replication
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=$replication
transaction.state.log.min.isr=$min_isr
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
log4j.logger.kafka.coordinator.group.GroupCoordinator=INFO
EOF
  echo "$dir"
}

KAFKA_NODES=${INFRA_KAFKA_BROKERS:-1}
[[ $KAFKA_NODES == 1 || $KAFKA_NODES == 3 ]] || fail "INFRA_KAFKA_BROKERS must be 1 or 3, not $KAFKA_NODES"

kafka_node_port() { echo $(($2 + ($1 - 1) * 100)); } # node, single mode's port

# The single broker keeps its folder of old; the cluster's nodes have their own, so switching
# modes never mixes a one-voter log with a three-voter quorum.
kafka_node_dir() { if (($2 == 1)); then echo "$CACHE/kafka"; else echo "$CACHE/kafka-cluster/node-$1"; fi; }

kafka_node_name() { if (($2 == 1)); then echo kafka; else echo "kafka-$1"; fi; }

kafka_cluster_brokers() { # host:port of every node, comma-separated
  local n list=""
  for n in $(seq 1 "$KAFKA_NODES"); do list+="${list:+,}127.0.0.1:$(kafka_node_port "$n" "$KAFKA_PORT")"; done
  echo "$list"
}

kafka_probe() { # node
  node "$ROOT_DIR/infra/probe.js" kafka "127.0.0.1:$(kafka_node_port "$1" "$KAFKA_PORT")" "127.0.0.1:$(kafka_node_port "$1" "$KAFKA_SSL_PORT")"
}

kafka_cluster_probe() { node "$ROOT_DIR/infra/probe.js" kafka-cluster "$KAFKA_NODES" "$(kafka_cluster_brokers)"; }

kafka_cluster_id() { # libs: one id for every node of the cluster, kept beside their folders
  local file=$CACHE/kafka-cluster/cluster-id
  if [[ ! -s $file ]]; then
    mkdir -p "$(dirname "$file")"
    java -cp "$1/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 >"$file"
  fi
  cat "$file"
}

kafka_node_up() { # node, libs
  local node=$1 libs=$2 name dir logfile port cluster_id
  name=$(kafka_node_name "$node" "$KAFKA_NODES")
  port=$(kafka_node_port "$node" "$KAFKA_PORT")
  logfile=$LOGS/$name.log
  if pid_alive "$name" || port_open "$port"; then
    log "kafka: reusing the broker on 127.0.0.1:$port"
    return 0
  fi
  dir=$(kafka_config "$node" "$KAFKA_NODES")
  if [[ ! -f $dir/data/meta.properties ]]; then
    if ((KAFKA_NODES == 1)); then
      cluster_id=$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    else
      cluster_id=$(kafka_cluster_id "$libs")
    fi
    java -cp "$libs/*" -Dlog4j.configuration="file:$dir/log4j.properties" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$dir/server.properties" >"$LOGS/$name-format.log" 2>&1 \
      || fail "formatting the Kafka log dir of $name failed" "$LOGS/$name-format.log"
  fi
  nohup java "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$dir/log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties" >"$logfile" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

kafka_up() {
  local libs node
  if ((KAFKA_NODES > 1)) && pid_alive kafka; then
    log "kafka: stopping the single broker for the $KAFKA_NODES-broker cluster (INFRA_KAFKA_BROKERS=$KAFKA_NODES)"
    stop_pid kafka
  fi
  if ((KAFKA_NODES == 1)) && pid_alive kafka-1; then
    log "kafka: the three-broker cluster runs on 127.0.0.1:$KAFKA_PORT; reusing it"
  fi
  if ! pid_alive "$(kafka_node_name 1 "$KAFKA_NODES")"; then
    command -v java >/dev/null || fail "Java 17 is needed to run Kafka"
    bash "$ROOT_DIR/certs/generate.sh"
  fi
  libs=$(kafka_jars)
  for node in $(seq 1 "$KAFKA_NODES"); do kafka_node_up "$node" "$libs"; done
  # A node answers on its own before the quorum forms: ready means every node serves metadata
  # and (cluster) names all the brokers.
  for node in $(seq 1 "$KAFKA_NODES"); do
    wait_until "kafka node $node" "$LOGS/$(kafka_node_name "$node" "$KAFKA_NODES").log" kafka_probe "$node"
  done
  if ((KAFKA_NODES == 1)); then
    log "kafka: ready, PLAINTEXT 127.0.0.1:$KAFKA_PORT, SSL 127.0.0.1:$KAFKA_SSL_PORT"
  else
    wait_until "the kafka cluster" "$LOGS/kafka-1.log" kafka_cluster_probe
    log "kafka: $KAFKA_NODES brokers ready, PLAINTEXT $(kafka_cluster_brokers) (replication factor 3, min.insync.replicas 2)"
  fi
}

# Stops whichever mode runs: every cluster node and the single broker this script started.
# A node stopped alone waits for the others' quorum, so all are told at once, then awaited.
kafka_down() {
  local name
  for name in kafka-1 kafka-2 kafka-3 kafka; do pid_alive "$name" && kill -TERM "$(cat "$RUN/$name.pid")" 2>/dev/null; done
  for name in kafka-1 kafka-2 kafka-3 kafka; do stop_pid "$name"; done
}

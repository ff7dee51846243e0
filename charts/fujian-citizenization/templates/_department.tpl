{{/*
What a department's pods have in common, the service's and its Jobs': the image, the
environment (docs/configuration.md lists every variable the service reads) and the
hardening. Call with (dict "ctx" $ "name" … "cfg" …).
*/}}

{{- define "fc.department.package" -}}{{ .name | replace "-" "_" }}{{- end }}

{{- define "fc.department.env" -}}
- name: OTEL_SERVICE_NAME
  value: {{ .name | quote }}
- name: HOST
  value: "0.0.0.0"
- name: PORT
  value: "8000"
# Scale with pods, not uvicorn workers: one process per pod keeps the probes and the
# HPA's CPU figures honest.
- name: WEB_CONCURRENCY
  value: "1"
# The migration Job has applied them before this pod rolls; the service only checks.
- name: MIGRATE_ON_START
  value: "false"
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .cfg.database.existingSecret | default (printf "%s-db-app" .name) | quote }}
      key: {{ .cfg.database.secretKey | quote }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .cfg.redis.existingSecret | default .ctx.Values.redis.existingSecret | quote }}
      key: {{ .cfg.redis.secretKey | default .ctx.Values.redis.secretKey | quote }}
- name: BUS_NAMESPACE
  value: {{ .ctx.Values.bus.namespace | quote }}
{{ include "fc.gatewaySecretEnv" .ctx }}
{{- with (include "fc.otlpEndpoint" .ctx) }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- range $key, $value := .cfg.env }}
{{- if has $key (list "OTEL_SERVICE_NAME" "HOST" "PORT" "WEB_CONCURRENCY" "MIGRATE_ON_START" "DATABASE_URL" "REDIS_URL" "BUS_NAMESPACE" "OTEL_EXPORTER_OTLP_ENDPOINT" "GATEWAY_HMAC_SECRET") }}
{{- fail (printf "departments.%s.env.%s is set by the chart (see values.yaml)" $.name $key) }}
{{- end }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{- define "fc.department.container" -}}
image: {{ include "fc.image" (dict "image" .cfg.image "default" .name "ctx" .ctx) }}
imagePullPolicy: {{ .cfg.image.pullPolicy }}
securityContext:
  {{- include "fc.containerSecurityContext" . | nindent 2 }}
env:
  {{- include "fc.department.env" . | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{- define "fc.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}

{{/*
A Helm hook Job of a department (migrate, republish). Its pods carry the department's
name, so its NetworkPolicy gives them the same egress (DNS, database, Redis, collector);
their component differs, so the Deployment's selector never counts them.
(dict "ctx" "name" "cfg" "job" "hook" "weight" "args")
*/}}
{{- define "fc.department.job" -}}
apiVersion: batch/v1
kind: Job
metadata:
  {{- include "fc.metadata" (dict "ctx" .ctx "name" .name "component" .job "objectName" (printf "%s-%s" .name .job)) | nindent 2 }}
  annotations:
    helm.sh/hook: {{ .hook }}
    helm.sh/hook-weight: {{ .weight | quote }}
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
    {{- include "fc.checkovSkips" (dict "digest" .cfg.image.digest "pullPolicy" .cfg.image.pullPolicy "secretEnv" true) | nindent 4 }}
spec:
  backoffLimit: {{ .cfg.jobs.backoffLimit }}
  activeDeadlineSeconds: {{ .cfg.jobs.activeDeadlineSeconds }}
  ttlSecondsAfterFinished: {{ .cfg.jobs.ttlSecondsAfterFinished }}
  template:
    metadata:
      labels:
        {{- include "fc.labels" (dict "ctx" .ctx "name" .name "component" .job) | nindent 8 }}
    spec:
      restartPolicy: Never
      {{- include "fc.podCommon" . | nindent 6 }}
      containers:
        - name: {{ .job }}
          {{- include "fc.department.container" . | nindent 10 }}
          command: ["python", "-m", "servicekit.bus"]
          args: {{ toJson .args }}
          resources:
            {{- toYaml .cfg.jobs.resources | nindent 12 }}
      volumes:
        {{- include "fc.tmpVolume" . | nindent 8 }}
{{- end }}

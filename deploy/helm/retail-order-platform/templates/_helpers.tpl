{{- define "rop.name" -}}{{ .Release.Name }}{{- end -}}

{{- define "rop.labels" -}}
app.kubernetes.io/part-of: retail-order-platform
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "rop.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .app }}
{{- end -}}

{{- define "rop.secretName" -}}
{{- if .Values.existingSecret }}{{ .Values.existingSecret }}{{ else }}{{ .Release.Name }}-secrets{{ end -}}
{{- end -}}

{{/* Every pod: not root, the runtime's default seccomp profile. */}}
{{- define "rop.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .user }}
runAsGroup: {{ .user }}
fsGroup: {{ .user }}
seccompProfile: { type: RuntimeDefault }
{{- end -}}

{{/* Every container: no privilege escalation, no capabilities. */}}
{{- define "rop.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnly }}
capabilities: { drop: ["ALL"] }
{{- end -}}

{{- define "rop.replicated" -}}
{{- if or (gt (int .spec.replicas) 1) (and .spec.autoscaling .spec.autoscaling.enabled) }}true{{ end -}}
{{- end -}}

{{/* Egress rules: DNS anywhere in the cluster, and each store's namespace on its ports. */}}
{{- define "rop.egressToDnsAndStores" -}}
- to:
    - namespaceSelector: {}
  ports:
    - { protocol: UDP, port: 53 }
    - { protocol: TCP, port: 53 }
{{- range .stores }}
- to:
    - namespaceSelector:
        matchLabels: { kubernetes.io/metadata.name: {{ .namespace }} }
  ports:
    {{- range .ports }}
    - { protocol: TCP, port: {{ . }} }
    {{- end }}
{{- end }}
{{- end -}}

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

{{- define "rop.replicated" -}}
{{- if or (gt (int .spec.replicas) 1) (and .spec.autoscaling .spec.autoscaling.enabled) }}true{{ end -}}
{{- end -}}

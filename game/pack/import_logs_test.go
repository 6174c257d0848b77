package pack

import (
	"strings"
	"testing"
)

// Real log exports (testdata/import) load with their exact lines.

func TestImportLogs(t *testing.T) {
	tests := []struct {
		fixture
		rows      []string          // every line, or the first ones when more is set; a row ending in … is a prefix
		more      int               // how many lines in all, when rows are the first ones
		attrs     map[string]string // attributes of the first line ("": absent)
		lastAttrs map[string]string // attributes of the last line, when set
	}{
		{fixture: fixture{file: "otlp-json/logs.json", entry: "format: otlp-json", start: "2018-12-13T14:50:00Z", services: []string{"my.service"}},
			rows: []string{"2018-12-13T14:51:00.3Z INFO my.service Example log record"},
			attrs: map[string]string{"span_id": "eee19b7ec3c1b174", "int.attribute": "10", "array.attribute": `["many","values"]`,
				"map.attribute": `{"some.map.key":"some value"}`, "double.attribute": "637.704", "boolean.attribute": "true"}},
		{fixture: fixture{file: "loki-json/loki-http-api-streams.json", entry: "format: loki-json", start: "2019-09-23T19:00:00Z", services: []string{"varlogs"}},
			rows:  []string{"2019-09-23T19:21:32.548155Z INFO varlogs bar", "2019-09-23T19:21:37.240578Z INFO varlogs foo"},
			attrs: map[string]string{"filename": "/var/log/myproject.log", "job": "", "level": ""}},
		// Loki's categorize-labels encoding: each value's third element
		// holds the line's structured metadata and the labels a parser in
		// the query extracted; the stream names no service.
		{fixture: fixture{file: "loki-json/loki-marshal-structured-metadata.json", entry: "format: loki-json\nservice: api",
			start: "1970-01-02T10:00:00Z", services: []string{"api"}},
			rows: []string{"1970-01-02T10:17:36.789012345Z INFO api super line", "1970-01-02T10:17:36.789012346Z INFO api super line with labels",
				"1970-01-02T10:17:36.789012347Z INFO api super line with labels msg=text"},
			attrs:     map[string]string{"test": "test", "foo": "", "structuredMetadata": ""},
			lastAttrs: map[string]string{"test": "test", "foo": "a", "bar": "b", "msg": "text", "parsed": ""}},
		{fixture: fixture{file: "access-log/apache-debian11-access.log", entry: "format: access-log\nservice: apache", start: "2022-10-11T00:00:00Z", services: []string{"apache"}},
			rows: []string{"2022-10-11T00:10:26Z INFO apache GET / 200", "2022-10-11T00:10:37Z INFO apache GET / 200",
				"2022-10-11T00:10:44Z WARN apache GET /manual 404", "2022-10-11T00:10:54Z INFO apache GET / 200", "2022-10-11T00:10:56Z WARN apache GET /manual 404"},
			attrs: map[string]string{"remote_addr": "192.168.0.172", "status": "200", "bytes": "3343", "protocol": "HTTP/1.0",
				"user_agent": "Lynx/2.9.0dev.10 libwww-FM/2.14 SSL-MM/1.4.1 GNUTLS/3.7.1"}},
		// nginx with a trailing $http_x_forwarded_for; times in -0800 become UTC.
		{fixture: fixture{file: "access-log/nginx-debian9-access.log", entry: "format: access-log\nservice: nginx", start: "2020-03-06T14:00:00Z", services: []string{"nginx"}},
			rows: []string{"2020-03-06T14:30:43Z WARN nginx GET /path2/feed.rss 404"}, more: 19},
		{fixture: fixture{file: "access-log/nginx-rockylinux9-access.log", entry: "format: access-log\nservice: nginx", start: "2022-10-08T22:00:00Z", services: []string{"nginx"}},
			rows: []string{"2022-10-08T22:26:35Z INFO nginx GET / 200"}, more: 4, attrs: map[string]string{"extra": `"-"`}},
		// BSD syslog without PRI or year: the year nearest the scenario's start.
		{fixture: fixture{file: "syslog/debian11-messages", entry: "format: syslog", start: "2022-10-10T23:00:00Z",
			services: []string{"kernel", "DigitalOcean", "rsyslogd"}},
			rows: []string{"2022-10-10T23:07:16Z INFO kernel [    0.6924] Linux version 5.10.0-11-amd64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #1 SMP Debian 5.10.92-1 (2022-01-18)"},
			more: 20, attrs: map[string]string{"host": "debian-s-1vcpu-1gb-nyc1-01"}},
		// Continuation lines (and a blank one) belong to the message before.
		{fixture: fixture{file: "syslog/rfc3164-continuation.log", entry: "format: syslog\nyear: 2021\nzone: -07:00", start: "2021-10-03T05:00:00Z", services: []string{"program"}},
			rows: []string{"2021-10-03T06:00:00Z INFO program These syslog datetime formats are in style of RFC 3164",
				`2021-10-03T06:00:01Z INFO program The "BSD syslog Protocol"`, "2021-10-03T06:00:02Z INFO program Found at https://www.ietf.org/rfc/rfc3164.txt",
				`2021-10-03T06:00:03Z INFO program The TIMESTAMP field is the local time and is in the format of "Mmm dd⏎   hh:mm:ss" (without the quote marks) where:`},
			more: 6, attrs: map[string]string{"facility": "local4", "host": "host1", "pid": "1"}},
		{fixture: fixture{file: "syslog/rfc5424-examples.log", entry: "format: syslog", start: "2003-08-24T00:00:00Z", duration: "1200h", services: []string{"su", "myproc", "evntslog"}},
			rows: []string{"2003-08-24T12:14:15.000003Z INFO myproc %% It's time to make the do-nuts.",
				"2003-10-11T22:14:15.003Z FATAL su 'su root' failed for lonvick on /dev/pts/8",
				"2003-10-11T22:14:15.003Z INFO evntslog An application event log entry...", "2003-10-11T22:14:15.003Z INFO evntslog "},
			attrs: map[string]string{"host": "192.0.2.1", "pid": "8710", "facility": "local4"}},
		{fixture: fixture{file: "journald/beats-sample-journal-event.json", entry: "format: journald", start: "2024-08-19T15:00:00Z",
			services: []string{"TestRestartsJournalctlOnError"}},
			rows:  []string{"2024-08-19T15:20:55.230058Z INFO TestRestartsJournalctlOnError Count: 0000000001"},
			attrs: map[string]string{"_SYSTEMD_UNIT": "session-2.scope", "_PID": "235728", "__CURSOR": "", "_BOOT_ID": ""}},
		// An array; a multi-line message; a message that is not UTF-8
		// text, written as bytes (with a CR in it); PRIORITY 2 and 3.
		{fixture: fixture{file: "journald/beats-corner-cases.json", entry: "format: journald", start: "2024-07-01T11:00:00Z",
			services: []string{"systemd-coredump", "pulseaudio"}},
			rows: []string{"2024-07-01T11:44:06.841951Z FATAL systemd-coredump Process 3717 (kdeconnectd) of user 1000 dumped core.⏎⏎Stack trace of thread 3717:⏎#0  0x00007f27c56a8e44 n/a (libc.so.6 + 0x94e44)⏎…",
				"2024-07-01T18:42:46.807141Z ERROR pulseaudio Unable to parse indicator of AT+BIA command: AT+BIA=1,1,0,0,0^MAT+BCS=2"},
			attrs: map[string]string{"_SYSTEMD_UNIT": "systemd-coredump@0-3732-0.service", "COREDUMP_SIGNAL_NAME": "SIGABRT"}},
		{fixture: fixture{file: "ecs/ecs-logging-intro.ndjson", entry: "format: jsonl\npreset: ecs", start: "2019-08-06T12:00:00Z", services: []string{"spring-petclinic"}},
			rows: []string{"2019-08-06T12:09:12.375Z INFO spring-petclinic Tomcat started on port(s): 8080 (http) with context path ''",
				"2019-08-06T12:09:12.379Z INFO spring-petclinic Started PetClinicApplication in 7.095 seconds (JVM running for 9.082)",
				"2019-08-06T14:08:40.199Z DEBUG spring-petclinic init find form"},
			attrs: map[string]string{"log.logger": "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "log.level": ""}},
		// jq's pretty-printed output: nested objects stay one compact attribute.
		{fixture: fixture{file: "ecs/ecs-pino-http-pretty.json", entry: "format: jsonl\npreset: ecs\nservice: pino-http", start: "2023-10-14T02:00:00Z", services: []string{"pino-http"}},
			rows:  []string{"2023-10-14T02:10:14.477Z INFO pino-http handled request"},
			attrs: map[string]string{"url": `{"full":"http://localhost:3000/","path":"/"}`, "process.pid": "56697"}},
		{fixture: fixture{file: "cloudwatch/aws-cli-filter-log-events.json", entry: "format: jsonl\npreset: cloudwatch\nservice: demo-log-group",
			start: "2024-04-08T09:00:00Z", services: []string{"demo-log-group"}},
			rows:  []string{"2024-04-08T09:17:23.827Z INFO demo-log-group Test MESSAGE1", "2024-04-08T09:21:08.991Z INFO demo-log-group Test MESSAGE2"},
			attrs: map[string]string{"logStreamName": "teststream", "eventId": "00091539120382912324200901570000096855579456010247667712"}},
		{fixture: fixture{file: "cloudwatch/aws-cli-get-log-events.json", entry: "format: jsonl\npreset: cloudwatch\nservice: my-logs",
			start: "2015-06-01T20:00:00Z", services: []string{"my-logs"}},
			rows: []string{"2015-06-01T20:23:04.356Z INFO my-logs Example Event 1", "2015-06-01T20:23:04.356Z INFO my-logs Example Event 1",
				"2015-06-01T20:23:04.358Z INFO my-logs Example Event 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tt.section = "logs"
			if tt.duration == "" {
				tt.duration = "8h"
			}
			s, sum := mustLoadFixture(t, tt.fixture)
			got := logRows(s.Logs)
			want := len(tt.rows)
			if tt.more > 0 {
				want = tt.more
			}
			if len(got) != want || sum.Lines != want {
				t.Fatalf("%d lines (summary %q), want %d:\n%s", len(got), sum, want, strings.Join(got, "\n"))
			}
			for i, row := range tt.rows {
				// A row ending in … gives the start of a long line.
				if prefix, cut := strings.CutSuffix(row, "…"); got[i] != row && !(cut && strings.HasPrefix(got[i], prefix)) {
					t.Errorf("line %d =\n  %s\nwant\n  %s", i, got[i], row)
				}
			}
			for k, v := range tt.attrs {
				if got, ok := s.Logs.Attrs(0).Get(k); got != v || ok != (v != "") {
					t.Errorf("attr %s = %q (%v), want %q", k, got, ok, v)
				}
			}
			for k, v := range tt.lastAttrs {
				if got, ok := s.Logs.Attrs(s.Logs.Len() - 1).Get(k); got != v || ok != (v != "") {
					t.Errorf("last line: attr %s = %q (%v), want %q", k, got, ok, v)
				}
			}
		})
	}
}

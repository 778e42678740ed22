// fipsdemo runs an HTTPS server and client in one process over TLS 1.3 on
// 127.0.0.1, exchanges an HMAC-authenticated JSON message, and reports
// whether Go's FIPS 140-3 mode is on and which module the binary was built
// with.
package main

import (
	"bytes"
	"context"
	"embed"
	"crypto/fips140"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"example.com/fipsdemo/api"
	"example.com/fipsdemo/certs"
)

var key = []byte("fipsdemo shared key, 32 bytes!!!")

// The site the server also serves; .notes inside it is left out, as for any
// hidden file in an embedded directory.
//
//go:embed static
var site embed.FS

func serve(id *certs.Identity) (addr string, stop func(), err error) {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.FileServerFS(site))
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		msg, err := api.Open(key, body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		json.NewEncoder(w).Encode(api.Response{
			Echo:        msg,
			FIPSEnabled: fips140.Enabled(),
			TLSVersion:  tls.VersionName(r.TLS.Version),
			CipherSuite: tls.CipherSuiteName(r.TLS.CipherSuite),
		})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: mux, TLSConfig: &tls.Config{
		Certificates: []tls.Certificate{id.Certificate},
		MinVersion:   tls.VersionTLS13,
	}}
	go srv.ServeTLS(ln, "", "")
	return ln.Addr().String(), func() { srv.Shutdown(context.Background()) }, nil
}

func buildSetting(key string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == key {
				return s.Value
			}
		}
	}
	return "(not recorded)"
}

func run() error {
	id, err := certs.SelfSigned(time.Now())
	if err != nil {
		return err
	}
	addr, stop, err := serve(id)
	if err != nil {
		return err
	}
	defer stop()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: id.Pool, MinVersion: tls.VersionTLS13},
	}}
	body, err := api.Sign(key, "hello over TLS")
	if err != nil {
		return err
	}
	resp, err := client.Post("https://"+addr+"/echo", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("server answered %s", resp.Status)
	}
	var out api.Response
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return err
	}
	page, err := client.Get("https://" + addr + "/static/index.html")
	if err != nil {
		return err
	}
	html, _ := io.ReadAll(page.Body)
	page.Body.Close()
	_, hiddenErr := site.Open("static/.notes")
	mode := "off"
	if fips140.Enabled() {
		mode = "on"
	}
	fmt.Printf("FIPS 140-3 mode: %s\n", mode)
	fmt.Printf("GOFIPS140: %s\n", buildSetting("GOFIPS140"))
	// Both come from files that build constraints choose between.
	fmt.Printf("platform file: %s; module tag file: %s\n", platformFile, moduleTagFile)
	fmt.Printf("server: echo=%q fips_enabled=%v %s %s\n", out.Echo, out.FIPSEnabled, out.TLSVersion, out.CipherSuite)
	fmt.Printf("embedded page: %d bytes, %s; hidden file embedded: %v\n", len(html), page.Status, hiddenErr == nil)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fipsdemo:", err)
		os.Exit(1)
	}
}

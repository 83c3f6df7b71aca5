import { describeProxyEndToEnd } from "../support/proxy-e2e";

describeProxyEndToEnd("apache", "127.0.10");

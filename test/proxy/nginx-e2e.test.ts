import { describeProxyEndToEnd } from "../support/proxy-e2e";

describeProxyEndToEnd("nginx", "127.0.20");

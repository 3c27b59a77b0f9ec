"""``kubesim serve``: the simulated cluster as a Kubernetes API endpoint, for the real kubectl and client libraries.

A front door beside the ``kubesim`` CLI and the magics. One module per concern:

- :mod:`.server`: the HTTP server on its own thread, the lock shared with the other front ends, the clock;
- :mod:`.tls`: HTTPS (a certificate authority and a serving certificate made at each start);
- :mod:`.auth`: the bearer token every client must present, and what a request without it may see;
- :mod:`.routes`: a URL's group, version, resource, namespace, name and subresource;
- :mod:`.status`: ``metav1.Status`` errors;
- :mod:`.discovery`: aggregated (``apidiscovery.k8s.io/v2``) and legacy discovery;
- :mod:`.openapi`: ``/openapi/v3`` and ``/openapi/v2``;
- :mod:`.rest`: the REST verbs, patches, subresources;
- :mod:`.protobuf`: kubectl's protobuf request bodies, decoded;
- :mod:`.tables`: ``meta.k8s.io/v1`` Table answers from :mod:`kubesim_nb.printers`;
- :mod:`.watch`: the watch hub and streams (watch-list included);
- :mod:`.waits`: simulated time inside a real kubectl's wait;
- :mod:`.clientclock`: the computer's clock and the simulated one, where the real kubectl reads both;
- :mod:`.streams`: a Pod's ``exec``, ``attach`` and ``portforward``, on the upgraded connection:
  :mod:`.websocket` (RFC 6455), :mod:`.remotecommand` (the exec channels into the in-Pod shell),
  :mod:`.spdy` and :mod:`.portforward` (SPDY/3.1 streams into the Pod's servers), :mod:`.httpbridge`;
- :mod:`.hostports`: Docker Desktop's node ports and localhost load balancers on the real loopback;
- :mod:`.remote`: ``kubesim kubectl|advance|host`` from other processes, sent to the server;
- :mod:`.kubeconfig`: the kubeconfig that points the real kubectl at it (its token, its authority).
"""

from __future__ import annotations

__all__: list[str] = []
